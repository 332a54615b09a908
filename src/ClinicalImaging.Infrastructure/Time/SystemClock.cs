using ClinicalImaging.Application.Common.Ports;

namespace ClinicalImaging.Infrastructure.Time;

public sealed class SystemClock(TimeProvider timeProvider) : IClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
