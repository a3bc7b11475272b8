package dev.loadkit.http.internal.http1;

import dev.loadkit.core.Session;
import dev.loadkit.http.internal.Answer;
import dev.loadkit.http.internal.OutgoingRequest;
import dev.loadkit.http.internal.RequestTiming;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/** One request on a pool's connections, as a Mono: each subscription is a call of its own. */
final class Http1Exchange extends Mono<Answer> {

    private final Http1Pool pool;
    private final OutgoingRequest request;
    private final Session session;
    private final RequestTiming timing;

    Http1Exchange(Http1Pool pool, OutgoingRequest request, Session session, RequestTiming timing) {
        this.pool = pool;
        this.request = request;
        this.session = session;
        this.timing = timing;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Answer> actual) {
        Http1Call call = new Http1Call(actual, pool, request, session, timing);
        actual.onSubscribe(call);
        pool.acquire(call); // a call cancelled in onSubscribe is turned away by the pool
    }
}
