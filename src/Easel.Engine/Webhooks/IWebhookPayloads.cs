using Easel.Store;

namespace Easel.Engine.Webhooks;

/// <summary>Renders an ended task as the body its callback carries (the host supplies the dialect's status body).</summary>
public interface IWebhookPayloads
{
    byte[] Render(TaskRecord task, string? fileBase);
}
