package org.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secretdesk.client.GatewayException;
import org.secretdesk.model.Problem;
import org.secretdesk.model.ProblemCode;

class ErrorMessagesTest {

    private static String of(ProblemCode code) {
        return ErrorMessages.describe(GatewayException.http(Problem.of(code, code.title())), "create the secret");
    }

    @Test
    void eachFailureGetsAnActionableSentence() {
        assertThat(ErrorMessages.describe(new GatewayException(GatewayException.Kind.OFFLINE, "refused", null,
                null), "create the secret")).contains("cannot be reached");
        assertThat(ErrorMessages.describe(new GatewayException(GatewayException.Kind.OFFLINE, "refused", null,
                new java.net.ConnectException("Connection refused")), "create the secret")).contains("cannot be reached");
        assertThat(ErrorMessages.describe(new GatewayException(GatewayException.Kind.OFFLINE, "interrupted",
                null, new java.net.SocketException("Connection reset")), "create the secret"))
                .contains("broke before its answer arrived");
        assertThat(ErrorMessages.describe(new GatewayException(GatewayException.Kind.TIMEOUT, "t", null,
                null), "create the secret")).contains("did not answer in time");
        assertThat(of(ProblemCode.AUTH_INVALID_API_KEY)).contains("refused the admin key");
        assertThat(of(ProblemCode.AUTH_FORBIDDEN)).contains("read-only");
        assertThat(of(ProblemCode.SECRET_DUPLICATE_DESCRIPTION)).contains("already exists");
        assertThat(of(ProblemCode.SECRET_LIMIT_REACHED)).contains("maximum number of secrets");
        assertThat(of(ProblemCode.PRECONDITION_FAILED))
                .isEqualTo(ErrorMessages.CHANGED_BY_SOMEONE_ELSE);
        assertThat(of(ProblemCode.VALIDATION_FAILED)).startsWith("The gateway refused the request.");
        assertThat(of(ProblemCode.INTERNAL)).contains("error 500");
        assertThat(of(ProblemCode.SECRET_NOT_FOUND)).contains("deleted");
    }

    @Test
    void staleMeansReload() {
        assertThat(ErrorMessages.isStale(GatewayException.http(Problem.of(ProblemCode.PRECONDITION_FAILED, ""))))
                .isTrue();
        assertThat(ErrorMessages.isStale(GatewayException.http(Problem.of(ProblemCode.VALIDATION_FAILED, ""))))
                .isFalse();
    }
}
