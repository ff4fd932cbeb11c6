package io.shoaldb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShoalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validRegisterHistoryExitsZero() throws IOException {
        Path f = file("ok.jsonl", """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok","f":"write","value":1}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":1}
                """);
        Run r = check("--model", "register", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("VALID: linearizable"), r.out());
    }

    @Test
    void invalidKvHistoryExitsOneWithExplanation() throws IOException {
        Path f = file("bad.jsonl", """
                {"process":0,"type":"invoke","f":"write","key":"x","value":1}
                {"process":0,"type":"ok","f":"write","key":"x","value":1}
                {"process":1,"type":"invoke","f":"read","key":"x","value":null}
                {"process":1,"type":"ok","f":"read","key":"x","value":2}
                """);
        Run r = check("--model", "kv", f.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().startsWith("INVALID: not-linearizable: key x"), r.out());
        assertTrue(r.out().contains("read x 2"), r.out());
    }

    @Test
    void exhaustedBudgetExitsTwo() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 10; p++) {
            text.append("{\"process\":").append(p).append(",\"type\":\"invoke\",\"f\":\"write\",\"value\":").append(p + 1).append("}\n");
        }
        text.append("{\"process\":20,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n");
        text.append("{\"process\":20,\"type\":\"ok\",\"f\":\"read\",\"value\":99}\n");
        for (int p = 0; p < 10; p++) {
            text.append("{\"process\":").append(p).append(",\"type\":\"ok\",\"f\":\"write\",\"value\":").append(p + 1).append("}\n");
        }
        Run r = check("--model", "register", "--max-steps", "10", file("hard.jsonl", text.toString()).toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("UNKNOWN: search budget exhausted"), r.out());
    }

    @Test
    void listAppendAnomalyExitsOneAndSerializableModeAcceptsStaleRead() throws IOException {
        Path f = file("la.jsonl", """
                {"process":0,"type":"invoke","f":"txn","value":[["append","x",1]]}
                {"process":0,"type":"ok","f":"txn","value":[["append","x",1]]}
                {"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
                {"process":1,"type":"ok","f":"txn","value":[["r","x",[]]]}
                """);
        Run strict = check("--model", "list-append", f.toString());
        assertEquals(1, strict.exit());
        assertTrue(strict.out().contains("G-single-realtime"), strict.out());
        Run plain = check("--model", "list-append", "--consistency", "serializable", f.toString());
        assertEquals(0, plain.exit(), plain.out());
    }

    @Test
    void commitOrderMode() throws IOException {
        Path f = file("wb.jsonl", """
                {"process":0,"type":"invoke","f":"txn","value":[["w","x",1]]}
                {"process":0,"type":"ok","f":"txn","value":[["w","x",1]],"commit":2}
                {"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
                {"process":1,"type":"ok","f":"txn","value":[["r","x",1]],"commit":1}
                """);
        Run r = check("--model", "rw-register", "--commit-order", f.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("commit-order-read"), r.out());
    }

    @Test
    void malformedFileNamesTheLineAndExits65() throws IOException {
        Path f = file("broken.jsonl", """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok","f":"write","value":1

                """);
        Run r = check("--model", "register", f.toString());
        assertEquals(65, r.exit());
        assertTrue(r.err().contains("line 2: not valid JSON"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void workloadRuleViolationIsMalformed() throws IOException {
        Path f = file("dup.jsonl", """
                {"process":0,"type":"invoke","f":"txn","value":[["append","x",1],["append","x",1]]}
                """);
        Run r = check("--model", "list-append", f.toString());
        assertEquals(65, r.exit());
        assertTrue(r.err().contains("unique appends"), r.err());
    }

    @Test
    void missingFileExits66AndBadOptionsExit64() throws IOException {
        assertEquals(66, check("--model", "kv", dir.resolve("nope.jsonl").toString()).exit());
        Path f = file("ok.jsonl", "");
        assertEquals(64, check("--model", "bank", f.toString()).exit());
        assertEquals(64, check("--model", "kv", "--consistency", "serializable", f.toString()).exit());
        assertEquals(64, check("--model", "list-append", "--max-steps", "5", f.toString()).exit());
        assertEquals(64, check("--model", "list-append", "--consistency", "snapshot", f.toString()).exit());
        assertEquals(64, ShoalCli.execute("check", f.toString()));
    }
}
