package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS#12 keystore made by the JDK's keytool (issue 16, item 4). */
class TlsTest {

    private static Path keystore(Path dir) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path keytool = java.resolveSibling("keytool");
        Path ks = dir.resolve("web.p12");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "web", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
        return ks;
    }

    private static HttpClient trusting(Path ks) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            keys.load(in, "changeit".toCharArray());
        }
        Certificate cert = keys.getCertificate("web");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("web", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aKeystoreServesHttps(@TempDir Path dir) throws Exception {
        Path ks = keystore(dir);
        try (WebFixture f = WebFixture.start(WebInterface.builder().tls(ks, "changeit"))) {
            assertEquals("https", f.web.uri().getScheme());
            HttpResponse<String> res = trusting(ks).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + f.web.port() + "/api/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertTrue(res.body().contains("\"status\""), res.body());
            // Plain HTTP to the TLS port gets no answer.
            String plain = f.rawRequest("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(!plain.startsWith("HTTP/1.1 200"), plain);
        }
    }

    @Test
    void aWrongPasswordFailsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
        Path ks = keystore(dir);
        io.bussdcc.runtime.Runtime runtime = io.bussdcc.runtime.Runtime.builder().messageTypes(WebFixture.registry()).build();
        runtime.addInterface(WebInterface.builder().port(0).tls(ks, "wrong").build());
        Exception e = assertThrows(Exception.class, runtime::boot);
        String all = e + " " + e.getCause();
        assertTrue(all.contains(ks.toString()), all);
        runtime.shutdown("test over");
    }
}
