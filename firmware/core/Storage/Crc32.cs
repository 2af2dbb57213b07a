namespace SchoolGate.Firmware.Core.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320: the zlib/PNG one), so a record torn by
    /// a power cut or a worn flash page is recognised instead of trusted. Incremental: feed
    /// <see cref="Update(uint, byte[], int, int)"/> piece by piece, starting from <see cref="Start"/>
    /// and finishing with <see cref="Finish"/>.
    /// </summary>
    public static class Crc32
    {
        public const uint Start = 0xFFFFFFFF;

        // 1 KB, built once; nanoFramework keeps static arrays in RAM like any other object.
        private static readonly uint[] Table = BuildTable();

        public static uint Update(uint crc, byte[] data, int start, int count)
        {
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        public static uint Finish(uint crc)
        {
            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
