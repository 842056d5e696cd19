package org.secretdesk.cli;

/**
 * The main class of the packages' {@code secretdesk-gateway} launcher: {@code secretdesk-gateway ARGS} is
 * {@code secretdesk gateway ARGS}. A launcher of its own lets the gateway start with an ahead-of-time cache trained
 * on a gateway's work (start, tokens, lists) rather than the console's (installer/build.sh).
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "gateway";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        Main.main(withCommand);
    }
}
