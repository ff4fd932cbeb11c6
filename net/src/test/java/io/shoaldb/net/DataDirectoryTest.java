package io.shoaldb.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path root;

    private static final long CLUSTER = NodeConfig.clusterId("alpha");

    private String refusal(String cluster, long clusterId, int node) {
        return assertThrows(DataDirectoryException.class, () -> DataDirectory.open(root, cluster, clusterId, node)).getMessage();
    }

    @Test
    void firstOpenCreatesTheLayoutAndLaterOpensAcceptIt() throws Exception {
        try (DataDirectory dir = DataDirectory.open(root, "alpha", CLUSTER, 3)) {
            assertTrue(Files.isDirectory(dir.diskDirectory()));
            assertTrue(Files.readString(root.resolve(DataDirectory.META)).contains("node-id=3"));
        }
        DataDirectory.open(root, "alpha", CLUSTER, 3).close();
    }

    @Test
    void anotherClustersDirectoryIsRefused() throws Exception {
        DataDirectory.open(root, "alpha", CLUSTER, 1).close();
        String message = refusal("beta", NodeConfig.clusterId("beta"), 1);
        assertTrue(message.contains("belongs to cluster 'alpha'"), message);
    }

    @Test
    void anotherNodesDirectoryIsRefused() throws Exception {
        DataDirectory.open(root, "alpha", CLUSTER, 1).close();
        assertTrue(refusal("alpha", CLUSTER, 2).contains("belongs to node 1, not to node 2"));
    }

    @Test
    void aNewerFormatIsRefused() throws Exception {
        DataDirectory.open(root, "alpha", CLUSTER, 1).close();
        Path meta = root.resolve(DataDirectory.META);
        Files.writeString(meta, Files.readString(meta).replace("format=1", "format=2"));
        assertTrue(refusal("alpha", CLUSTER, 1).contains("newer ShoalDB (format 2)"));
    }

    @Test
    void aGarbledMetaFileIsRefused() throws Exception {
        DataDirectory.open(root, "alpha", CLUSTER, 1).close();
        Files.writeString(root.resolve(DataDirectory.META), "\u0000\u0001garbage");
        assertTrue(refusal("alpha", CLUSTER, 1).contains("unreadable"));
    }

    @Test
    void aForeignNonEmptyDirectoryIsRefused() throws Exception {
        Files.writeString(root.resolve("important.txt"), "not ours");
        assertTrue(refusal("alpha", CLUSTER, 1).contains("did not create"));
    }
}
