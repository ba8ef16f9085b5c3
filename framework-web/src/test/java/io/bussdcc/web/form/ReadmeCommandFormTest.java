package io.bussdcc.web.form;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.web.WebInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's command-form example: it compiles and runs here; the README shows exactly the
 * lines between the {@code readme: command-form} markers (framework-cli's ReadmeCopiesTest checks).
 */
class ReadmeCommandFormTest {

    // begin readme: command-form
    @MessageType("greenhouse:SetPump")
    public record SetPump(@FormField(label = "Pump", options = "devices") String pump,
                          @FormField(min = 0, max = 100, step = "5", help = "percent") int speed) implements Message {}

    static void example(Runtime runtime) {   // the dashboard's /commands/greenhouse:SetPump is its form:
        runtime.addInterface(WebInterface.builder().port(0).allowFromWeb(SetPump.class).build());
        runtime.boot();
        Form<SetPump> form = Form.of(SetPump.class);          // inputs, labels and ranges from the record
        OptionSource options = OptionSource.standard(runtime.context());  // "devices": the device ids now
        String html = form.render(form.values(new SetPump("pump-1", 50)), Map.of(), options);
        EventCodec codec = new EventCodec(runtime.messageTypes());
        switch (form.decode(FormData.parse("pump=pump-2&speed=75", 4096), codec, options)) {
            case Form.Valid<SetPump> ok -> runtime.emit(ok.message());          // SetPump[pump=pump-2, speed=75]
            case Form.Invalid<SetPump> bad -> System.out.println(bad.errors()); // {speed=must be between 0 and 100}
        }
    }
    // end readme: command-form

    @Test
    void theExampleRunsAndEmitsTheDecodedMessage() {
        Runtime runtime = new Runtime();
        List<Message> seen = new ArrayList<>();
        runtime.addSink(e -> {
            synchronized (seen) {
                seen.add(e.payload());
            }
        });
        try {
            example(runtime);
        } finally {
            runtime.shutdown("test over");
        }
        synchronized (seen) {
            assertTrue(seen.contains(new SetPump("pump-2", 75)), seen.toString());
        }
    }
}
