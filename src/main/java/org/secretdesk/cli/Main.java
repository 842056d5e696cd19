package org.secretdesk.cli;

public final class Main {
    public static void main(String[] args) {
        if (args.length == 0) {
            org.secretdesk.ui.SecretDeskApp.launchConsole(args);
            return;
        }
        System.out.println("SecretDesk " + Runtime.version());
    }
}
