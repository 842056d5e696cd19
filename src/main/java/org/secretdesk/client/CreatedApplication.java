package org.secretdesk.client;

import org.secretdesk.model.Application;
import org.secretdesk.model.IssuedSecret;

/** The result of creating an application; {@code issuedSecret} is null when no first secret was asked for. */
public record CreatedApplication(Application application, IssuedSecret issuedSecret) {
}
