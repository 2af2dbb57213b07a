namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>The turnstile's lock relay. Open releases the arm; Close locks it again.</summary>
    public interface IRelay
    {
        void Open();

        void Close();

        bool IsOpen { get; }
    }
}
