using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// The core's storage port as one file per key. Writes go to a temporary file that is flushed and
/// then renamed over the old one, so a power cut leaves either the old or the new value, never half.
/// </summary>
public sealed class FileStorage : IStorage
{
    /// <summary>
    /// Appended to a key's file name while it is written. '~' is not a key character, so no key's
    /// file can be another key's temporary file. One left by a power cut is never read and is
    /// replaced by the next write of that key.
    /// </summary>
    public const string TemporarySuffix = ".~tmp";

    private readonly string _directory;

    public FileStorage(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public byte[]? Read(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void Write(string key, byte[] data)
    {
        var path = PathOf(key);
        var temp = path + TemporarySuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathOf(string key)
    {
        // "", "." and ".." are made of allowed characters but name the directory or its parent.
        if (key.Length == 0 || key.Trim('.').Length == 0)
        {
            throw new ArgumentException($"Storage key '{key}' is not a file name.", nameof(key));
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"Storage key '{key}' may only hold letters, digits, '-', '_' and '.'.", nameof(key));
            }
        }

        return Path.Combine(_directory, key);
    }
}
