package io.shoaldb.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DiskNameTest {

    @Test
    void acceptsPlainNamesAndRejectsPathsAndSpecials() {
        assertTrue(Disk.isValidName("wal-000001.log"));
        assertTrue(Disk.isValidName("snapshot_7.tmp"));
        assertFalse(Disk.isValidName(""));
        assertFalse(Disk.isValidName(null));
        assertFalse(Disk.isValidName("."));
        assertFalse(Disk.isValidName(".."));
        assertFalse(Disk.isValidName("a/b"));
        assertFalse(Disk.isValidName("a b"));
        assertFalse(Disk.isValidName("x".repeat(129)));
    }

    @Property
    void anyNameWithASlashIsRejected(@ForAll @StringLength(max = 40) @CharRange(from = 'a', to = 'z') String head,
                                     @ForAll @StringLength(max = 40) @CharRange(from = 'a', to = 'z') String tail) {
        assertFalse(Disk.isValidName(head + "/" + tail));
    }
}
