using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ClinicalImaging.Application.Audit;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// The audit trail's "from where" for an HTTP request: the connection's address, or, when the connection comes from a
/// trusted proxy (<c>Security:ForwardedHeaders</c>), the client address it forwarded (docs/security.md).
/// </summary>
internal sealed class HttpRequestOrigin(IHttpContextAccessor accessor) : IRequestOrigin
{
    private const int UserAgentHashLength = 16;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgentHash => accessor.HttpContext?.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent
        ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userAgent)))[..UserAgentHashLength]
        : null;

    public string? CorrelationId => Activity.Current?.TraceId.ToString() ?? accessor.HttpContext?.TraceIdentifier;
}
