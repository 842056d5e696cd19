package org.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeleteApplicationWarningTest {

    @Test
    void saysWhatIsDeletedInASentence() {
        // Issue 19: an application without secrets read "The application deleted."
        assertThat(SecretWorkflows.deleteApplicationWarning(0))
                .isEqualTo("This cannot be undone: the application is deleted.");
        assertThat(SecretWorkflows.deleteApplicationWarning(1)).isEqualTo("This cannot be undone: the application and "
                + "its secret are deleted, and clients using it will fail to authenticate.");
        assertThat(SecretWorkflows.deleteApplicationWarning(3)).contains("its 3 secrets are deleted")
                .endsWith("clients using them will fail to authenticate.");
    }
}
