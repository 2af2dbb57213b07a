namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>The device's confirmation: the template of command <see cref="CommandId"/> is gone from the module.</summary>
    public sealed class TemplateDeleted
    {
        public string DeviceId;
        public long CommandId;
        public int TemplateId;

        public TemplateDeleted(string deviceId, long commandId, int templateId)
        {
            DeviceId = deviceId;
            CommandId = commandId;
            TemplateId = templateId;
        }
    }
}
