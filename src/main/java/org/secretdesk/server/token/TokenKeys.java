package org.secretdesk.server.token;

import java.util.List;

/** The signing keys of a node: the one that signs now, and every key a verifier may still meet (the JWKS). */
public interface TokenKeys {

    SigningKeys current();

    List<SigningKeys> published();
}
