namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// The gateway asks the device to delete fingerprint template <see cref="TemplateId"/> from its
    /// module; it re-sends the same <see cref="CommandId"/> until the device confirms.
    /// </summary>
    public sealed class TemplateDelete
    {
        public long CommandId;
        public int TemplateId;

        public TemplateDelete(long commandId, int templateId)
        {
            CommandId = commandId;
            TemplateId = templateId;
        }
    }
}
