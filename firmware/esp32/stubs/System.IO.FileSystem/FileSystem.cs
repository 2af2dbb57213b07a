// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.System.IO.FileSystem (File,
// FileStream, Directory) and the Stream base class of nanoFramework.System.IO.Streams, none of
// which nanoFramework's mscorlib 1.17.11 has, so firmware/esp32/app compiles on Linux. Written
// from the packages' public source/docs; its accuracy is a known limit (stubs/README.md).
namespace System.IO
{
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public abstract class Stream : IDisposable
    {
        public abstract long Length { get; }

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract void Write(byte[] buffer, int offset, int count);

        public abstract void Flush();

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access)
        {
            throw new NotImplementedException();
        }

        public override long Length
        {
            get { throw new NotImplementedException(); }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public override void Flush()
        {
            throw new NotImplementedException();
        }
    }

    public static class File
    {
        public static bool Exists(string path)
        {
            throw new NotImplementedException();
        }

        /// <summary>Deleting a missing file is a no-op (as in the real package).</summary>
        public static void Delete(string path)
        {
            throw new NotImplementedException();
        }

        /// <summary>Throws IOException when the destination exists: nanoFramework's Move never overwrites.</summary>
        public static void Move(string sourceFileName, string destFileName)
        {
            throw new NotImplementedException();
        }

        public static byte[] ReadAllBytes(string path)
        {
            throw new NotImplementedException();
        }
    }

    public static class Directory
    {
        public static bool Exists(string path)
        {
            throw new NotImplementedException();
        }
    }
}
