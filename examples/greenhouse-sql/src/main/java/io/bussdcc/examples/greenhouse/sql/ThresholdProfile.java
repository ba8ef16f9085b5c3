package io.bussdcc.examples.greenhouse.sql;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.web.form.FormField;
import java.util.regex.Pattern;

/**
 * A named set of thresholds, kept in the database by {@link ProfileStore}; applying it emits its
 * {@link SetThresholds}. The profiles page edits it with the form generated from this record
 * (its settings are a fieldset of {@code SetThresholds}' own fields).
 *
 * @param name       1 to 40 letters, digits, spaces, {@code -} or {@code _}, not starting with a space
 * @param thresholds what applying the profile sets
 */
@MessageType("greenhouse:ThresholdProfile")
public record ThresholdProfile(
        @FormField(label = "Profile name", required = true, min = 1, max = 40, placeholder = "summer",
                help = "Saving under an existing name replaces that profile.")
        String name,
        @FormField(label = "Thresholds") SetThresholds thresholds) implements Message {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-][\\p{L}\\p{N} _-]{0,39}");

    /**
     * Checks the profile.
     *
     * @throws IllegalArgumentException if the name is not as above or the thresholds are missing
     */
    public ThresholdProfile {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(" ")) {
            throw new IllegalArgumentException("a profile name is 1 to 40 letters, digits, spaces, '-' or '_', "
                    + "not starting or ending with a space; not " + (name == null ? "none" : "'" + name + "'"));
        }
        if (thresholds == null) {
            throw new IllegalArgumentException("a profile needs its thresholds");
        }
    }
}
