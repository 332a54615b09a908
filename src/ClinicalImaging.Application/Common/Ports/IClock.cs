namespace ClinicalImaging.Application.Common.Ports;

/// <summary>The current time, as a port so that rules depending on time can be tested.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}
