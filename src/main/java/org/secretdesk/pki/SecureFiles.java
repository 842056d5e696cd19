package org.secretdesk.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes files that only their owner may read (private keys, {@code admin.key}, truststores, the DataMiner
 * client-secret file), and fails closed: where the file system can restrict a file neither by POSIX permissions
 * nor by an ACL, nothing is written.
 * The content goes to a temporary file in the target directory that is created with owner-only
 * permissions from the start (so it is never readable by others, not even briefly), is flushed
 * to disk, and then atomically replaces the target: readers see the old or the new file, never a
 * half-written one.
 */
public final class SecureFiles {

    private SecureFiles() {
    }

    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", ownerOnly(directory));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Refuses a file that its group or others may read or write (POSIX), as ssh refuses such a private key: the key
     * may already have been read, so the message says to make a new one rather than only to change the mode.
     * Without POSIX permissions there is nothing to check here.
     */
    public static void requireOwnerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> mode = view.readAttributes().permissions();
        if (!Collections.disjoint(mode, NOT_OWNER)) {
            throw new IOException(file + " is readable or writable by other users (mode "
                    + PosixFilePermissions.toString(mode) + "), so the key in it may be known to them. Delete the "
                    + "file to have a new key made at the next start, or if you are sure nobody read it: chmod 600 "
                    + file);
        }
    }

    /**
     * Takes group and other permissions away from an existing directory (POSIX); returns whether it changed
     * anything. A directory made by an older version, by hand or under a loose umask is tightened this way.
     */
    public static boolean tightenDirectory(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view == null) {
            return false;
        }
        Set<PosixFilePermission> mode = EnumSet.copyOf(view.readAttributes().permissions());
        if (!mode.removeAll(NOT_OWNER)) {
            return false;
        }
        view.setPermissions(mode);
        return true;
    }

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * Creates {@code file}, which must not exist yet ({@link java.nio.file.FileAlreadyExistsException}), readable by
     * its owner only from the moment it exists, and writes {@code content} to disk; a failure leaves no file.
     */
    public static void createOwnerOnly(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        FileAttribute<?>[] ownerOnly = ownerOnly(target.getParent());
        Files.createFile(target, ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /**
     * POSIX: mode 0600 (the umask can only remove bits). Windows: an ACL granting the current user alone full
     * access, which also stops inheriting the directory's ACL. Neither (a FAT stick, a zip file): refused, never
     * written with whatever the default permissions are.
     */
    private static FileAttribute<?>[] ownerOnly(Path directory) throws IOException {
        FileSystem fs = directory.getFileSystem();
        Set<String> views = fs.supportedFileAttributeViews();
        if (!views.contains("posix") && Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null) {
            views = Set.of("posix");
        }
        return ownerOnly(views, () -> fs.getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name")), directory);
    }

    /** The current user, looked up only where an ACL needs it. */
    @FunctionalInterface
    interface Owner {
        UserPrincipal get() throws IOException;
    }

    /** The attributes that make a new file owner-only on a file system with these attribute views. */
    static FileAttribute<?>[] ownerOnly(Set<String> views, Owner owner, Path directory) throws IOException {
        if (views.contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        if (views.contains("acl")) {
            AclEntry ownerFullAccess = AclEntry.newBuilder()
                    .setType(AclEntryType.ALLOW)
                    .setPrincipal(owner.get())
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                    .build();
            List<AclEntry> acl = List.of(ownerFullAccess);
            return new FileAttribute<?>[] {new FileAttribute<List<AclEntry>>() {
                @Override
                public String name() {
                    return "acl:acl";
                }

                @Override
                public List<AclEntry> value() {
                    return acl;
                }
            }};
        }
        throw new IOException("Cannot make a file in " + directory + " readable by its owner only: the file system "
                + "supports neither POSIX permissions nor ACLs (a FAT-formatted drive, for example). Choose a folder "
                + "on another drive.");
    }
}
