using SchoolGate.Firmware.Adapters;

namespace SchoolGate.Firmware.Tests.Adapters;

/// <summary>The Raspberry Pi's storage port: one file per key, replaced atomically.</summary>
public sealed class FileStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "schoolgate-filestorage-" + Guid.NewGuid().ToString("N"));
    private readonly string _directory;

    public FileStorageTests()
    {
        _directory = Path.Combine(_root, "store");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ReadsWritesReplacesAndDeletesAKey()
    {
        var storage = new FileStorage(_directory);
        Assert.Null(storage.Read("journal-meta"));

        storage.Write("journal-meta", [1, 2]);
        storage.Write("journal-meta", [3]);
        Assert.Equal([3], storage.Read("journal-meta"));

        storage.Delete("journal-meta");
        storage.Delete("journal-meta");
        Assert.Null(storage.Read("journal-meta"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    public void RejectsKeysThatAreNotPlainFileNamesInsideItsDirectory(string key)
    {
        var storage = new FileStorage(_directory);

        Assert.Throws<ArgumentException>(() => storage.Write(key, [1]));
        Assert.Throws<ArgumentException>(() => storage.Read(key));
        Assert.Throws<ArgumentException>(() => storage.Delete(key));
        Assert.Equal([_directory], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void KeepsAKeyNamedLikeAnotherKeysTemporaryFile()
    {
        var storage = new FileStorage(_directory);
        storage.Write("offline-list.tmp", [1]);

        storage.Write("offline-list", [2]);

        Assert.Equal([1], storage.Read("offline-list.tmp"));
        Assert.Equal([2], storage.Read("offline-list"));
    }

    [Fact]
    public void KeepsTheOldValueAndWritesAgainAfterAPowerCutLeftAHalfWrittenTemporaryFile()
    {
        var storage = new FileStorage(_directory);
        storage.Write("journal-meta", "5 3"u8.ToArray());
        File.WriteAllBytes(Path.Combine(_directory, "journal-meta" + FileStorage.TemporarySuffix), "7 "u8.ToArray());

        var rebooted = new FileStorage(_directory);
        Assert.Equal("5 3"u8.ToArray(), rebooted.Read("journal-meta"));
        rebooted.Write("journal-meta", "6 3"u8.ToArray());

        Assert.Equal("6 3"u8.ToArray(), rebooted.Read("journal-meta"));
        Assert.Equal(["journal-meta"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
