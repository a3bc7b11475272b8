/**
 * The README's scenarios, complete and compiled: each has a {@code test()} that builds its {@code LoadTest} and a
 * {@code main} that runs it on the shared command line. The build runs each against a bundled simulator, and
 * checks that the README shows them as they are here.
 */
package example;
