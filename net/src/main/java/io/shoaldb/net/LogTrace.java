package io.shoaldb.net;

import io.shoaldb.runtime.Trace;
import java.io.PrintStream;
import java.time.Instant;

/** The {@link Trace} port in production: one timestamped line per event on a log stream (stderr for nodes). */
public final class LogTrace implements Trace {

    private final String source;
    private final PrintStream out;

    /** @param source who is speaking, such as "node=2" */
    public LogTrace(String source, PrintStream out) {
        this.source = source;
        this.out = out;
    }

    @Override
    public void event(String what) {
        line("INFO", what);
    }

    @Override
    public void warn(String what) {
        line("WARN", what);
    }

    /** An error that stops the node. */
    public void error(String what) {
        line("ERROR", what);
    }

    private void line(String level, String what) {
        out.println(Instant.now() + " " + level + " " + source + " " + what);
    }
}
