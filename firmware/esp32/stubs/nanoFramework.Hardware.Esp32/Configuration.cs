// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.Hardware.Esp32 (pin muxing of the ESP32
// GPIO matrix) so firmware/esp32/app compiles on Linux; the device image references the real
// package. Written from the package's public docs; its accuracy is a known limit (stubs/README.md).
namespace nanoFramework.Hardware.Esp32
{
    /// <summary>A subset of the real enum (names only, not its values): the SPI1 and COM2 functions the app routes.</summary>
    public enum DeviceFunction
    {
        SPI1_MOSI,
        SPI1_MISO,
        SPI1_CLOCK,
        COM2_RX,
        COM2_TX,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction function)
        {
            throw new System.NotImplementedException();
        }
    }
}
