using System;

namespace SchoolGate.Firmware.Esp32
{
    /// <summary>
    /// One line per event worth a technician's attention, on the serial/debug console. Card ids
    /// are never logged (least data).
    /// </summary>
    public static class Log
    {
        public static void Info(string message)
        {
            Console.WriteLine("info: " + message);
        }

        public static void Warn(string message)
        {
            Console.WriteLine("warn: " + message);
        }

        public static void Error(string message)
        {
            Console.WriteLine("error: " + message);
        }

        /// <summary>True for the 1st, 10th, 100th... occurrence: a recurring fault stays visible without flooding the console.</summary>
        public static bool Worth(int count)
        {
            while (count >= 10 && count % 10 == 0)
            {
                count /= 10;
            }

            return count == 1;
        }
    }
}
