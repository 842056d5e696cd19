package org.secretdesk.server;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.secretdesk.model.CaInfo;
import org.secretdesk.model.ProblemCode;
import org.secretdesk.pki.CertificateDetails;
import org.secretdesk.pki.SecureFiles;
import org.secretdesk.server.auth.AdminAuth;
import org.secretdesk.server.auth.FailedAuthLimiter;
import org.secretdesk.server.ca.CaManager;
import org.secretdesk.server.cluster.ClusterAdminKey;
import org.secretdesk.server.cluster.ClusterEvents;
import org.secretdesk.server.cluster.ClusterKey;
import org.secretdesk.server.cluster.ClusterSigningKeys;
import org.secretdesk.server.cluster.DbCaStore;
import org.secretdesk.server.events.EventBus;
import org.secretdesk.server.http.ApiRoutes;
import org.secretdesk.server.http.ProblemErrorHandler;
import org.secretdesk.server.notify.CredentialSeal;
import org.secretdesk.server.notify.Notifications;
import org.secretdesk.server.store.Database;
import org.secretdesk.server.store.Store;
import org.secretdesk.server.token.TokenKeys;
import org.secretdesk.server.token.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SecretDesk gateway node. {@link #start} returns once it accepts connections; {@link #close()} stops
 * it and releases the database.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    static final char[] KEYSTORE_PASSWORD = "in-memory-only".toCharArray();
    /** The cipher suites the gateway offers (Jetty takes them as regular expressions). */
    static final String[] AEAD_CIPHER_SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_(ECDSA|RSA)_WITH_AES_(128_GCM_SHA256|256_GCM_SHA384)",
            "TLS_ECDHE_(ECDSA|RSA)_WITH_CHACHA20_POLY1305_SHA256"};
    /** Failed authentications a minute from one source (admin keys; the token endpoint) before 429. */
    private static final int MAX_FAILURES_PER_MINUTE = 10;

    private final GatewayConfig config;
    private final Database db;
    private final CaManager ca;
    private final TokenService tokens;
    private final NotificationScheduler scheduler;
    /** Set when HTTP starts. */
    private volatile GatewayService service;
    private final ScheduledExecutorService timers;
    private final Path adminKeyFile;
    private final EventBus events;
    private Javalin app;
    private SslContextFactory.Server sslContextFactory;
    private ApiRoutes routes;
    private RotationService rotation;
    private String nodeId;
    private TokenKeys signing;
    private ClusterEvents clusterEvents;
    private Notifications notifications;
    private int port;
    private volatile boolean closed;

    private GatewayServer(GatewayConfig config, Database db, CaManager ca, TokenService tokens,
                          NotificationScheduler scheduler, Path adminKeyFile, EventBus events) {
        this.config = config;
        this.db = db;
        this.ca = ca;
        this.tokens = tokens;
        this.scheduler = scheduler;
        this.adminKeyFile = adminKeyFile;
        this.events = events;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secretdesk-gateway-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a node; creates the data dir, database, CA, server certificate and admin key on first start. */
    public static GatewayServer start(GatewayConfig config, Clock clock) {
        return start(config, clock, null);
    }

    public static GatewayServer start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a node. With {@code adminKeySha256} (embedded mode, key kept in the OS keychain by the console) the
     * {@code admin} key is that hash and no {@code admin.key} file is written.
     */
    public static GatewayServer start(GatewayConfig config, Clock clock, String adminKeySha256) {
        return startAskingAdminKey(config, clock, () -> adminKeySha256);
    }

    /**
     * As {@link #start(GatewayConfig, Clock, String)}, with the embedded admin key's hash asked for only once the
     * database is open: the console looks in the OS keychain meanwhile. The supplier may block; null means "use
     * (and on first start create) {@code admin.key}".
     */
    public static GatewayServer startAskingAdminKey(GatewayConfig config, Clock clock,
                                                    Supplier<String> adminKeySha256Later) {
        if (config.insecureHttp() && !isLoopback(config.bind())) {
            throw new IllegalArgumentException("Plain HTTP is only allowed on a loopback address, not " + config.bind());
        }
        Database db = null;
        ClusterEvents clusterEvents = null;
        try {
            Path dir = config.dataDir();
            createPrivateDir(dir);
            // A shared database (PostgreSQL) keeps the CA, signing and admin keys for every node, sealed with the
            // cluster key; without the key a node cannot join, so check it before touching the database.
            ClusterKey clusterKey = config.clustered() ? loadClusterKey(config) : null;
            // A node alone keeps its CA and token keys in files: read them (and parse, check, make the TLS key store
            // in a cold JVM: about as long as opening the database) on a second core while the database opens.
            CompletableFuture<LocalKeys> localKeys = clusterKey != null ? null
                    : CompletableFuture.supplyAsync(() -> LocalKeys.load(config, clock),
                            r -> Thread.ofPlatform().daemon().name("gateway-start-keys").start(r));
            try {
                db = Database.open(config);
            } catch (RuntimeException e) {
                if (localKeys != null) {
                    localKeys.join(); // let it finish writing a first start's files before the caller retries
                }
                throw e;
            }
            String nodeId = Randoms.id("node_", 8);
            List<AdminKeySpec> keys = new ArrayList<>();
            Path adminKeyFile = dir.resolve("admin.key");
            String adminKeySha256 = adminKeySha256Later.get();
            if (adminKeySha256 != null) {
                keys.add(new AdminKeySpec("admin", AdminKeySpec.Role.ADMIN, null, adminKeySha256));
            } else if (clusterKey != null) {
                keys.add(ClusterAdminKey.resolve(db, adminKeyFile, clock.millis()));
            } else {
                boolean fresh = !Files.exists(adminKeyFile);
                keys.add(AdminAuth.ensureAdminKeyFile(adminKeyFile));
                if (fresh) {
                    LOG.info("Created the admin API key (name 'admin') in {}", adminKeyFile.toAbsolutePath());
                }
            }
            keys.addAll(config.adminKeys());
            AdminAuth auth = AdminAuth.of(keys);

            Store store = new Store(!db.isH2());
            EventBus events = new EventBus();
            GatewayService service = new GatewayService(db, store, clock, events, config.maxSecretsPerApplication());
            CaManager ca;
            TokenKeys signing;
            if (clusterKey != null) {
                ca = CaManager.loadOrCreate(dir, clock, config.bind(), new DbCaStore(db, clusterKey, clock),
                        config.tlsNames());
                signing = ClusterSigningKeys.open(db, clusterKey, clock);
            } else {
                LocalKeys loaded = LocalKeys.await(localKeys);
                ca = loaded.ca();
                signing = loaded.signing();
            }
            // Behind a load balancer every node must name itself the same (the configured public URL); alone, a
            // node names its own address, with the port it listens on (known once started: --port 0).
            GatewayServer[] started = new GatewayServer[1];
            Supplier<String> issuer = config.publicUrl() != null ? config::publicUrl
                    : () -> started[0].ownUrl;
            TokenService tokens = new TokenService(db, store, clock, signing, config.tokenLifetime(), issuer,
                    config.tokenAudience(), config.trustedProxy());
            service.setPendingLastUse(tokens::pendingLastUse);
            tokens.setBatchWriter(new RotationService(service, store)::writeUses);
            // Per-value usage is on unless switched off for a comparison (docs/benchmarks.md, "Usage tracking").
            tokens.usage().setEnabled(!"false".equals(System.getProperty("secretdesk.usageTracking")));
            NotificationScheduler scheduler = new NotificationScheduler(db, store, service);
            GatewayServer server = new GatewayServer(config, db, ca, tokens, scheduler, adminKeyFile, events);
            started[0] = server;
            server.nodeId = nodeId;
            server.signing = signing;
            if (clusterKey != null) {
                // Listen before serving, so that no change another node commits from now on is missed.
                clusterEvents = ClusterEvents.start(db, events, nodeId, server::onClusterControl);
                server.clusterEvents = clusterEvents;
                service.setCommitHook(clusterEvents::beforeCommit);
            }
            // Issue 23: channel credentials sealed like the cluster's keys (a lone node: its own channels.key).
            server.notifications = new Notifications(db, store, service, nodeId, clusterKey != null
                    ? CredentialSeal.of(clusterKey) : CredentialSeal.inDataDir(dir), server::publicUrl);
            service.setOutbox(server.notifications.outbox());
            server.startHttp(service, store, auth, clock, new LeakResponse(db, store, service, config.leaks()));
            return server;
        } catch (IOException e) {
            closeQuietly(clusterEvents, db);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(clusterEvents, db);
            throw e;
        }
    }

    /** A trust store with no entries, for the TLS server (see {@link #connector}). */
    private static final class EmptyTrustStore {
        static final java.security.KeyStore INSTANCE = create();

        private static java.security.KeyStore create() {
            try {
                java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
                store.load(null, null);
                return store;
            } catch (java.security.GeneralSecurityException | IOException e) {
                throw new IllegalStateException("Cannot make an empty trust store", e);
            }
        }
    }

    private static void closeQuietly(ClusterEvents clusterEvents, Database db) {
        if (clusterEvents != null) {
            clusterEvents.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static ClusterKey loadClusterKey(GatewayConfig config) throws IOException {
        if (config.clusterKeyFile() == null) {
            throw new IllegalArgumentException("A PostgreSQL database is shared by the nodes of a cluster and needs a "
                    + "cluster key: give every node the same key file with --cluster-key-file FILE (or "
                    + ClusterKey.ENV + "); create it once with: head -c 32 /dev/urandom | base64 > FILE");
        }
        return ClusterKey.load(config.clusterKeyFile());
    }

    /** Another node rotated the CA or the signing keys: pick the change up from the database. */
    private void onClusterControl(String type) {
        try {
            if (ClusterEvents.CONTROL_CA.equals(type)) {
                reloadCaFromStore();
            } else if (ClusterEvents.CONTROL_KEYS.equals(type) && signing instanceof ClusterSigningKeys keys) {
                keys.refresh();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not apply a cluster change ({}): {}", type, e.getMessage());
        }
    }

    private synchronized void reloadCaFromStore() {
        try {
            if (ca.reload()) {
                if (sslContextFactory != null) {
                    sslContextFactory.reload(f -> f.setKeyStore(ca.serverKeyStore(KEYSTORE_PASSWORD)));
                }
                LOG.info("Loaded the cluster's new root CA");
            }
        } catch (Exception e) {
            LOG.warn("Could not load the cluster's root CA: {}", e.getMessage());
        }
    }

    /** Cluster housekeeping every minute: missed notifications and due signing-key rotation. */
    private void clusterMaintenance() {
        try {
            reloadCaFromStore();
            if (signing instanceof ClusterSigningKeys keys) {
                if (keys.rotateIfDue()) {
                    clusterEvents.sendControl(ClusterEvents.CONTROL_KEYS);
                } else {
                    keys.refresh();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Cluster maintenance failed: {}", e.getMessage());
        }
    }

    private void startHttp(GatewayService service, Store store, AdminAuth auth, Clock clock, LeakResponse leaks) {
        this.service = service;
        ApiRoutes.CaOperations caOps = new ApiRoutes.CaOperations() {
            @Override
            public String caPem() {
                return org.secretdesk.pki.Pem.certificates(List.of(ca.caCertificate()));
            }

            @Override
            public CaInfo caInfo() {
                return info(service.secretCount() > 0);
            }

            @Override
            public CaInfo rotate(Actor actor, boolean force) {
                return rotateCa(service, actor, force);
            }
        };
        ApiRoutes.Limits limits = new ApiRoutes.Limits(new FailedAuthLimiter(clock, MAX_FAILURES_PER_MINUTE),
                new FailedAuthLimiter(clock, MAX_FAILURES_PER_MINUTE), new FailedAuthLimiter(clock, MAX_FAILURES_PER_MINUTE));
        routes = new ApiRoutes(service, store, auth, limits, tokens, events, caOps, new ApiRoutes.Node(
                Version.current(), nodeId, this::publicUrl, !config.insecureHttp()), leaks, notifications);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig));
            // Errors Jetty answers itself (bad headers, oversized headers) are problem+json too, not HTML.
            boolean secure = !config.insecureHttp();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler(secure)));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(
                    new ProblemErrorHandler.InContext(secure)));
            routes.configure(cfg);
        });
        app.start();
        ServerConnector c = (ServerConnector) app.jettyServer().server().getConnectors()[0];
        port = c.getLocalPort();
        ownUrl = baseUri().toString();
        rotation = new RotationService(service, store);
        timers.scheduleWithFixedDelay(this::flushAndRetire, 5, 5, TimeUnit.SECONDS);
        long interval = config.schedulerInterval().toMillis();
        timers.scheduleWithFixedDelay(this::runSchedulerQuietly, Math.min(interval, 10_000), interval,
                TimeUnit.MILLISECONDS);
        if (clusterEvents != null) {
            timers.scheduleWithFixedDelay(this::clusterMaintenance, 60, 60, TimeUnit.SECONDS);
        }
        timers.schedule(this::repairSecretExpiriesQuietly, 1, TimeUnit.SECONDS);
        notifications.start();
    }

    /** Once after start: see {@link GatewayService#repairSecretExpiries}; reads only, unless something is wrong. */
    private void repairSecretExpiriesQuietly() {
        try {
            long start = System.nanoTime();
            int repaired = repairSecretExpiriesNow();
            if (repaired > 0) {
                LOG.warn("Rewrote the secret counts and expiries of {} applications that an older gateway version had "
                        + "changed ({} ms)", repaired, (System.nanoTime() - start) / 1_000_000);
            } else {
                LOG.debug("Secret counts and expiries of every application checked ({} ms)",
                        (System.nanoTime() - start) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not check the applications' secret counts: {}", e.getMessage());
        }
    }

    /** Checks and repairs every application's stored secret expiries now; returns how many were rewritten. */
    public int repairSecretExpiriesNow() {
        return service.repairSecretExpiries(() -> !Thread.currentThread().isInterrupted());
    }

    /**
     * The gateway's one connector. Its buffers are not pooled: Jetty 12.1 (12.1.12 to 12.1.14 tried) answers a
     * request it cannot parse (a 431 for oversized headers, a 400) on a second thread whose completion resumes
     * reading on a third while the first still holds the connection's request buffer; the first then returns that
     * buffer to the pool while the third fills it with the client's next bytes, and the pool hands it, filled, to
     * the next connection. One client's request bytes then became another connection's request, and answers went
     * to the wrong client (found by HostileRequestsTest; pinned by AnswersStayOnTheirConnectionTest). With a
     * buffer per use, a late write lands in memory nobody else reads. Heap buffers keep that cheap.
     */
    private ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig) {
        ByteBufferPool buffers = new ByteBufferPool.NonPooling();
        httpConfig.setUseInputDirectByteBuffers(false);
        httpConfig.setUseOutputDirectByteBuffers(false);
        // Each answer allocates its aggregation buffer (32 KiB by default); most answers are under 2 KiB, and a
        // larger one is written in several pieces.
        httpConfig.setOutputBufferSize(8192);
        ServerConnector connector;
        if (config.insecureHttp()) {
            connector = new ServerConnector(server, null, null, buffers, -1, -1, new HttpConnectionFactory(httpConfig));
        } else {
            sslContextFactory = new SslContextFactory.Server();
            sslContextFactory.setKeyStore(ca.serverKeyStore(KEYSTORE_PASSWORD));
            // Clients do not authenticate with certificates, so there is nothing to trust: without a trust store of
            // its own Jetty reads and parses the JDK's ~150 root certificates at every start.
            sslContextFactory.setTrustStore(EmptyTrustStore.INSTANCE);
            sslContextFactory.setKeyStorePassword(new String(KEYSTORE_PASSWORD));
            sslContextFactory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            // AEAD only: TLS 1.3's suites and TLS 1.2's ECDHE with GCM or ChaCha20-Poly1305 (no CBC, no RSA key
            // exchange). Jetty's defaults still offered ECDHE-ECDSA-AES256-SHA384 and -AES128-SHA256 (CBC).
            sslContextFactory.setIncludeCipherSuites(AEAD_CIPHER_SUITES);
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false); // clients may connect by IP; the certificate lists the SANs
            https.addCustomizer(src);
            SslConnectionFactory tls = new SslConnectionFactory(sslContextFactory, "http/1.1");
            tls.setDirectBuffersForEncryption(false);
            tls.setDirectBuffersForDecryption(false);
            connector = new ServerConnector(server, null, null, buffers, -1, -1, tls, new HttpConnectionFactory(https));
        }
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(30_000);
        return connector;
    }

    private CaInfo info(boolean blocked) {
        CertificateDetails d = CertificateDetails.of(ca.caCertificate());
        return new CaInfo(d.subject(), d.serialNumber(), d.notBefore(), d.notAfter(), d.sha256Fingerprint(),
                d.keyAlgorithm(), blocked);
    }

    private synchronized CaInfo rotateCa(GatewayService service, Actor actor, boolean force) {
        long secrets = service.secretCount();
        if (secrets > 0 && !force) {
            throw new ApiException(ProblemCode.CA_ROTATION_BLOCKED, secrets + " client secret(s) exist and external "
                    + "clients trust the current CA: rotating would lock them out. Delete the secrets first, or "
                    + "send {\"force\":true}.");
        }
        try {
            ca.rotate();
            if (sslContextFactory != null) {
                sslContextFactory.reload(f -> f.setKeyStore(ca.serverKeyStore(KEYSTORE_PASSWORD)));
            }
        } catch (Exception e) {
            throw new IllegalStateException("CA rotation failed", e);
        }
        service.write(actor, tx -> {
            service.audit(tx, "ca.rotate", null, null, (force ? "forced, " : "") + "new CA "
                    + CertificateDetails.of(ca.caCertificate()).sha256Fingerprint());
            return null;
        });
        if (clusterEvents != null) {
            clusterEvents.sendControl(ClusterEvents.CONTROL_CA);
        }
        LOG.info("Rotated the root CA{}", force ? " (forced)" : "");
        return info(secrets > 0);
    }

    private void runSchedulerQuietly() {
        try {
            scheduler.runIfDue(config.schedulerInterval());
        } catch (RuntimeException e) {
            LOG.warn("The notification scheduler failed: {}", e.getMessage());
        }
    }

    /** This node's own base URL, once it listens (the token issuer when no public URL is configured). */
    private volatile String ownUrl;

    /** The address clients use: the configured public URL, else this node's own. */
    private String publicUrl() {
        return config.publicUrl() != null ? config.publicUrl() : ownUrl;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** {@code https://HOST:PORT} (or http with insecureHttp). */
    public URI baseUri() {
        return URI.create((config.insecureHttp() ? "http" : "https") + "://" + hostForUrl(config.bind()) + ":" + port);
    }

    /** The current root CA certificate that clients must trust. */
    public X509Certificate caCertificate() {
        return ca.caCertificate();
    }

    /** {@code dataDir/admin.key}: the generated admin key (name {@code admin}), mode 0600. */
    public Path adminKeyFile() {
        return adminKeyFile;
    }

    /** Runs the expiry-notification scheduler once now; returns how many notifications it recorded. */
    public int runSchedulerNow() {
        return scheduler.runOnce();
    }

    /** The timer's pass now: -1 when skipped because some node of the cluster ran one within the interval. */
    int runScheduledPass() {
        return scheduler.runIfDue(config.schedulerInterval());
    }

    /** Delivers the due notification-channel events now on this node; returns how many were delivered. */
    public int deliverNotificationsNow() {
        return notifications.deliverNow();
    }

    /** Writes batched last-use times and per-value uses now (they are otherwise written every few seconds). */
    public void flushLastUse() {
        tokens.flushLastUse();
    }

    /** Every few seconds: this node's uses written, then grace periods whose old value went quiet ended. */
    private void flushAndRetire() {
        try {
            tokens.flushLastUse();
            rotation.retireQuiet();
        } catch (RuntimeException e) {
            LOG.warn("Writing uses or retiring quiet values failed: {}", e.getMessage());
        }
    }

    /**
     * Writes this node's uses and runs the retire-when-quiet pass now; returns how many grace periods it ended (-1
     * when a pass was running elsewhere in the cluster).
     */
    public int retireQuietNow() {
        tokens.flushLastUse();
        return rotation.retireQuiet();
    }

    /** Per-value usage tracking on or off (on by default; the benchmark compares both in one run). */
    public void setUsageTracking(boolean on) {
        tokens.usage().setEnabled(on);
    }

    /** This node's id (in {@code /api/v1/info}); differs between the nodes of a cluster. */
    public String nodeId() {
        return nodeId;
    }

    /** Cluster mode: adds a token signing key that signs from {@code lead} on; false with H2 (one file key). */
    public boolean rotateSigningKey(java.time.Duration lead) {
        if (signing instanceof ClusterSigningKeys keys) {
            keys.rotateNow(lead);
            clusterEvents.sendControl(ClusterEvents.CONTROL_KEYS);
            return true;
        }
        return false;
    }

    /** How many live-event streams (consoles following {@code /api/v1/events}) this node serves now. */
    public int eventSubscribers() {
        return events.subscriberCount();
    }

    /** The routes this node serves (the OpenAPI drift test compares them with the document). */
    public List<ApiRoutes.Route> routes() {
        return routes.routes();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifications.stop();
        timers.shutdownNow();
        try {
            app.stop();
        } finally {
            if (clusterEvents != null) {
                clusterEvents.close();
            }
            // HTTP is stopped: the last batch is written without live events (nobody is left to receive them).
            tokens.setBatchWriter(null);
            tokens.flushLastUse();
            db.close();
        }
        LOG.info("Gateway stopped");
    }

    static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "localhost";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (SecureFiles.tightenDirectory(dir)) {
                LOG.warn("The data directory {} was open to other users; it is now owner-only (700)", dir);
            }
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }
}
