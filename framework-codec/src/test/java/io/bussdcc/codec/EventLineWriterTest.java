package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.codec.Samples.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The codec's non-Jackson entry points for siblings: the line writer and the pretty data. */
class EventLineWriterTest {

    private static final Instant T = Instant.parse("2026-03-09T23:45:02.5Z");

    private static Event<?> event(Message m) {
        return new Event<>(T, m);
    }

    @Test
    void writesWhatToJsonWritesAndANewlineWithOrWithoutTheDirectPath() throws IOException {
        Event<?> plain = event(new SensorReading("s-1", 1, 0.31, "kPa", null)); // the direct path takes it
        Event<?> escaped = event(new SensorReading("ü \"q\"", 2, 1e300, "C", "n")); // the generator's
        Event<?> nested = event(new ProcessError("watch", "boom", plain, "tb"));
        for (boolean direct : new boolean[] {true, false}) {
            EventCodec codec = new EventCodec(Samples.registry(), direct);
            EventLineWriter lines = codec.newLineWriter();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            lines.write(plain, out);
            lines.write(escaped, out);
            lines.write(nested, out);
            assertEquals(codec.toJson(plain) + "\n" + codec.toJson(escaped) + "\n" + codec.toJson(nested) + "\n",
                    out.toString(StandardCharsets.UTF_8), "direct " + direct);
        }
    }

    @Test
    void aLineThatCannotBeEncodedWritesNothingAndTheNextIsWhole() throws IOException {
        EventCodec codec = new EventCodec(Samples.registry());
        EventLineWriter lines = codec.newLineWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Event<?> unsupported = event(new Samples.Unsupported(java.math.BigDecimal.TEN));
        EncodingException e = assertThrows(EncodingException.class, () -> lines.write(unsupported, out));
        assertEquals("data.anything", e.path());
        assertEquals(0, out.size());
        Event<?> next = event(new SensorReading("ü", 2, 1.5, "C", null)); // through the generator again
        lines.write(next, out);
        assertEquals(codec.toJson(next) + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void prettyDataIsIndentedAndReadsBackToTheSameMessage() throws CodecException {
        EventCodec codec = new EventCodec(Samples.registry());
        SensorReading m = new SensorReading("s-1", 7, 21.5, "C", null);
        String pretty = codec.dataToPrettyJson(m);
        assertTrue(pretty.contains("\n"), pretty);
        assertTrue(pretty.lines().skip(1).findFirst().orElseThrow().startsWith("  \"sensor\""), pretty);
        assertEquals(m, codec.readMessage(codec.types().nameOf(m), pretty));
        assertEquals(codec.dataToJson(m), codec.dataToJson(codec.readMessage(codec.types().nameOf(m), pretty)));
    }
}
