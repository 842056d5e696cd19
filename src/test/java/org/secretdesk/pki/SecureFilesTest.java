package org.secretdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner-only writer: POSIX 0600, an owner-only ACL (Windows), or nothing at all (fails closed). */
class SecureFilesTest {

    @TempDir
    Path dir;

    @Test
    void posixFilesAreOwnerOnlyAndCreateNeverReplaces() throws Exception {
        Path file = dir.resolve("secret.json");
        SecureFiles.createOwnerOnly(file, "one".getBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> SecureFiles.createOwnerOnly(file, "two".getBytes()))
                .isInstanceOf(FileAlreadyExistsException.class);
        SecureFiles.writeOwnerOnly(file, "three".getBytes());
        assertThat(Files.readString(file)).isEqualTo("three");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    /** The branch Windows takes: exactly one ACL entry, the owner's, allowing everything; nothing inherited. */
    @Test
    void withoutPosixTheFileGetsAnAclOfItsOwnerAlone() throws Exception {
        UserPrincipal me = Files.getOwner(dir);
        FileAttribute<?>[] attributes = SecureFiles.ownerOnly(Set.of("basic", "acl", "owner", "user"), () -> me, dir);
        assertThat(attributes).hasSize(1);
        assertThat(attributes[0].name()).isEqualTo("acl:acl");
        @SuppressWarnings("unchecked")
        List<AclEntry> acl = (List<AclEntry>) attributes[0].value();
        assertThat(acl).hasSize(1);
        assertThat(acl.getFirst().type()).isEqualTo(AclEntryType.ALLOW);
        assertThat(acl.getFirst().principal()).isEqualTo(me);
        assertThat(acl.getFirst().permissions()).isEqualTo(EnumSet.allOf(AclEntryPermission.class));
        assertThat(acl.getFirst().flags()).as("not inherited by or from anything").isEmpty();
    }

    @Test
    void posixWinsWhereBothAreOffered() throws Exception {
        FileAttribute<?>[] attributes = SecureFiles.ownerOnly(Set.of("basic", "posix", "acl"), () -> {
            throw new AssertionError("no owner lookup for POSIX");
        }, dir);
        assertThat(attributes[0].name()).isEqualTo("posix:permissions");
    }

    @Test
    void withNeitherNothingIsWritten() {
        assertThatThrownBy(() -> SecureFiles.ownerOnly(Set.of("basic"), () -> null, dir))
                .isInstanceOf(IOException.class).hasMessageContaining("neither POSIX permissions nor ACLs");
    }
}
