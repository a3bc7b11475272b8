// The loadkit dashboard: reads /api/state once, then follows /api/events. Every string from the run, the
// target or a person is set as text (textContent), never as markup.
(function () {
  'use strict';
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? '?token=' + encodeURIComponent(token) : '';
  const $ = (id) => document.getElementById(id);
  const rows = [];
  const charts = {};
  let state = {};

  function number(value, decimals) {
    if (value === null || value === undefined || Number.isNaN(value)) return '-';
    const abs = Math.abs(value);
    const places = decimals !== undefined ? decimals : abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
    return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
  }

  function clock(seconds) {
    if (seconds === undefined || seconds === null) return '';
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(r).padStart(2, '0');
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fill(tableId, items, columns) {
    const body = $(tableId).querySelector('tbody');
    body.replaceChildren();
    for (const item of items) {
      const row = document.createElement('tr');
      for (const column of columns) {
        const value = column(item);
        cell(row, value.text !== undefined ? value.text : value, value.className);
      }
      body.appendChild(row);
    }
  }

  async function call(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers['X-Loadkit-Token'] = token;
    const response = await fetch(path + query, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }

  function say(text) {
    $('message').textContent = text || '';
  }

  function chart(id, title, series) {
    const element = document.createElement('div');
    element.className = 'chart';
    element.id = id;
    const heading = document.createElement('h3');
    heading.textContent = title;
    element.appendChild(heading);
    $('charts').appendChild(element);
    return makePlot(element, series);
  }

  function makePlot(element, series) {
    const width = Math.max(320, element.clientWidth - 16);
    const options = {
      width: width, height: 200,
      scales: { x: { time: false } },
      axes: [{ label: 'seconds' }, {}],
      series: [{ label: 's' }].concat(series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5 }))),
    };
    return new uPlot(options, [[]].concat(series.map(() => [])), element);
  }

  function ensureCharts() {
    if (!charts.users) {
      const usersElement = $('chart-users');
      usersElement.appendChild(Object.assign(document.createElement('h3'), { textContent: 'Users' }));
      charts.users = { plot: makePlot(usersElement, [{ label: 'users', color: '#2563eb' }]), values: (r) => [r.users] };
      const throughput = $('chart-throughput');
      throughput.appendChild(Object.assign(document.createElement('h3'), { textContent: 'Requests and failures per second' }));
      charts.throughput = {
        plot: makePlot(throughput, [{ label: 'requests/s', color: '#15803d' }, { label: 'failures/s', color: '#c0262d' }]),
        values: (r) => [r.rps, r.fps],
      };
    }
    for (const row of rows) {
      for (const metric of Object.keys(row.latency || {})) {
        const key = 'latency:' + metric;
        if (!charts[key]) {
          charts[key] = {
            plot: chart('chart-' + metric.replace(/[^a-zA-Z0-9_]/g, '_'), metric + ' (ms)', [
              { label: 'p50', color: '#2563eb' }, { label: 'p95', color: '#d97706' }, { label: 'p99', color: '#c0262d' }]),
            values: (r) => { const l = (r.latency || {})[metric]; return l ? [l.p50, l.p95, l.p99] : [null, null, null]; },
          };
        }
      }
    }
  }

  function drawCharts() {
    ensureCharts();
    for (const key of Object.keys(charts)) {
      const c = charts[key];
      const data = [rows.map((r) => r.t)];
      const columns = rows.map(c.values);
      const count = columns.length ? columns[0].length : c.plot.series.length - 1;
      for (let i = 0; i < count; i++) data.push(columns.map((v) => v[i]));
      c.plot.setData(data);
    }
  }

  function render() {
    const phase = state.phase || 'waiting';
    $('test').textContent = state.test || '';
    $('phase').textContent = phase;
    $('phase').className = 'badge ' + phase;
    document.title = 'loadkit ' + phase + (state.test ? ': ' + state.test : '');
    $('clock').textContent = state.elapsed !== undefined ? clock(state.elapsed) + ' / ' + clock(state.planned) : '';
    $('start').hidden = phase !== 'waiting';
    $('stop').hidden = phase !== 'running' || !!state.stopReason;
    $('steer').hidden = phase !== 'running' || !state.steers || !!state.stopReason;
    $('steer-label').textContent = state.steers === 'arrivalRate' ? 'Arrival rate /s' : 'Users';
    const last = rows.length ? rows[rows.length - 1] : null;
    $('card-users').textContent = state.users !== undefined ? String(state.users) : '-';
    $('card-rps').textContent = last ? number(last.rps) : '-';
    $('card-fps').textContent = last ? number(last.fps) : '-';
    const requests = state.requests || [];
    $('card-requests').textContent = number(requests.reduce((a, r) => a + r.count, 0), 0);
    $('card-failures').textContent = number(requests.reduce((a, r) => a + r.failures, 0), 0);
    fill('requests', requests, [(r) => r.name, (r) => r.metric, (r) => number(r.count, 0), (r) => number(r.failures, 0),
      (r) => number(r.rps), (r) => number(r.p50), (r) => number(r.p95), (r) => number(r.p99), (r) => number(r.max)]);
    fill('thresholds', state.thresholds || [], [(t) => t.expression,
      (t) => ({ text: t.passed ? 'PASS' : 'FAIL', className: t.passed ? 'pass' : 'fail' }), (t) => t.actual]);
    fill('errors', state.errors || [], [(e) => e.name, (e) => e.kind, (e) => e.message || '', (e) => number(e.count, 0)]);
    fill('parameters', Object.entries(state.parameters || {}), [(p) => p[0], (p) => p[1]]);
    const warnings = state.warnings || [];
    $('warnings-section').hidden = warnings.length === 0;
    $('warnings').replaceChildren(...warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })));
    $('reports').hidden = phase !== 'finished';
    if (phase === 'finished' && state.verdict) {
      const v = state.verdict;
      $('verdict').textContent = (v.passed ? 'PASSED' : 'FAILED') + ' (exit code ' + v.exitCode + ')'
        + (v.abortReason ? ': ' + v.abortReason : '');
      $('verdict').className = v.passed ? 'pass' : 'fail';
      $('report-links').replaceChildren(...(state.reports || []).map((name) => {
        const link = Object.assign(document.createElement('a'), { textContent: name, href: 'reports/' + encodeURIComponent(name) + query });
        link.setAttribute('download', name);
        link.id = 'report-' + name;
        const item = document.createElement('li');
        item.appendChild(link);
        return item;
      }));
    }
    drawCharts();
  }

  function fillStartForm(launch) {
    const set = (id, value) => { if (value !== undefined && value !== null && $(id).value === '') $(id).value = value; };
    set('start-users', launch.users);
    set('start-spawn-rate', launch.spawnRate);
    set('start-arrival-rate', launch.arrivalRate);
    set('start-run-time', launch.runTime);
    set('start-host', launch.host);
  }

  function apply(update) {
    if (update.row && (!rows.length || rows[rows.length - 1].t !== update.row.t)) rows.push(update.row);
    state = update;
    if (state.phase === 'waiting') fillStartForm(state.launch || {});
    render();
  }

  $('start-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => $(id).value.trim();
    try {
      say('');
      $('start-button').disabled = true;
      await call('api/start', {
        users: value('start-users'), spawnRate: value('start-spawn-rate'), arrivalRate: value('start-arrival-rate'),
        runTime: value('start-run-time'), host: value('start-host'),
      });
    } catch (error) {
      say(error.message);
    } finally {
      $('start-button').disabled = false;
    }
  });

  $('steer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    body[state.steers] = $('steer-value').value;
    try {
      say('');
      await call('api/steer', body);
    } catch (error) {
      say(error.message);
    }
  });

  $('stop').addEventListener('click', async () => {
    try {
      say('');
      await call('api/stop');
    } catch (error) {
      say(error.message);
    }
  });

  fetch('api/state' + query).then((r) => r.json()).then((first) => {
    rows.push(...(first.history || []));
    delete first.history;
    apply(first);
    const events = new EventSource('api/events' + query);
    events.onmessage = (message) => apply(JSON.parse(message.data));
    events.onerror = () => { if (state.phase !== 'finished') say('lost the connection to the test; retrying'); };
    events.onopen = () => say('');
  }).catch((error) => say('cannot read the test: ' + error.message));
})();
