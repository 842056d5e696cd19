import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The workload of the gateway's ahead-of-time cache training run (installer/build.sh): what a gateway does
 * after it starts, so that the cache holds those classes and their method profiles and a real gateway reaches
 * full speed sooner. Creates a few applications with a first secret, then for the given seconds asks for tokens
 * on 16 connections and lists applications and secrets now and then. JDK only:
 * {@code java TrainGateway.java BASE_URL CA_PEM ADMIN_KEY_FILE SECONDS}.
 */
public class TrainGateway {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        SSLContext tls = trusting(Path.of(args[1]));
        String admin = "Bearer " + Files.readString(Path.of(args[2])).strip();
        long seconds = Long.parseLong(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();

        String[] basic = new String[4];
        String[] appIds = new String[basic.length];
        for (int i = 0; i < basic.length; i++) {
            String body = send(http, HttpRequest.newBuilder(base.resolve("/api/v1/applications"))
                    .header("Authorization", admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"training-" + System.nanoTime() + "-" + i
                            + "\",\"roles\":[\"reader\"],\"initialSecret\":{\"description\":\"training\"}}")), 201);
            appIds[i] = field(body, "id");
            basic[i] = "Basic " + Base64.getEncoder().encodeToString((field(body, "clientId") + ":"
                    + field(body, "secret")).getBytes(StandardCharsets.UTF_8));
        }
        AtomicLong tokens = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 16; c++) {
                int worker = c;
                pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        n++;
                        if (worker == 0 && n % 50 == 0) {
                            send(http, HttpRequest.newBuilder(base.resolve("/api/v1/applications?limit=100"))
                                    .header("Authorization", admin).GET(), 200);
                            send(http, HttpRequest.newBuilder(base.resolve("/api/v1/applications/"
                                    + appIds[(int) (n % appIds.length)] + "/secrets"))
                                    .header("Authorization", admin).GET(), 200);
                            continue;
                        }
                        send(http, HttpRequest.newBuilder(base.resolve("/oauth/token"))
                                .header("Authorization", basic[(int) (n % basic.length)])
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")), 200);
                        tokens.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        System.out.println("training workload: " + tokens.get() + " tokens in " + seconds + " s");
    }

    private static String send(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A top-level string field of a JSON object (enough for the gateway's own answers). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in " + json.replaceAll("sds_[A-Za-z0-9]+", "sds_…"));
        }
        return m.group(1);
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
