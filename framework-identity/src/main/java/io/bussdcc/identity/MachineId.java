package io.bussdcc.identity;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * systemd's application-specific machine ID ({@code sd_id128_get_machine_app_specific}):
 * the first 128 bits of HMAC-SHA256 keyed with the machine ID over the application ID, made a
 * version-4 UUID. It identifies the machine as stably as the machine ID, but cannot be turned
 * back into it, and differs from the IDs other applications derive.
 */
final class MachineId {

    private static final HexFormat HEX = HexFormat.of();

    private MachineId() {}

    /**
     * The application-specific ID for {@code machineId} (32 hex digits, as in
     * {@code /etc/machine-id}) and {@code appId} (32 hex digits), as 32 lower-case hex digits;
     * {@code null} when {@code machineId} is not a machine ID (e.g. {@code uninitialized}).
     */
    static String appSpecific(String machineId, String appId) {
        if (machineId == null || !machineId.matches("[0-9a-fA-F]{32}") || machineId.matches("0{32}")) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HEX.parseHex(machineId.toLowerCase(Locale.ROOT)), "HmacSHA256"));
            byte[] digest = mac.doFinal(HEX.parseHex(appId));
            byte[] id = Arrays.copyOf(digest, 16);
            id[6] = (byte) ((id[6] & 0x0F) | 0x40); // version 4
            id[8] = (byte) ((id[8] & 0x3F) | 0x80); // RFC 4122 variant
            return HEX.formatHex(id);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256; a JVM without it is broken, not this machine.
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }
}
