using System.Net;
using System.Net.Sockets;

namespace ClinicalImaging.Testing;

/// <summary>Ports for servers that tests start (Orthanc, Prometheus, PostgreSQL) on the loopback interface.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago: the system picks it, the probe releases it at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
