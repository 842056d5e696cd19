package org.secretdesk.ui.secrets;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.secretdesk.client.GatewayClient;

/** A real client that also counts createSecret calls, to prove the dialog refused before any request. */
final class CountingClient {

    private CountingClient() {
    }

    static GatewayClient wrap(GatewayClient real, AtomicInteger createSecretCalls) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("createSecret")) {
                createSecretCalls.incrementAndGet();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (GatewayClient) Proxy.newProxyInstance(GatewayClient.class.getClassLoader(),
                new Class<?>[] {GatewayClient.class}, handler);
    }
}
