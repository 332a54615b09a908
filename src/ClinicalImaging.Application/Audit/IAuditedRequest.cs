namespace ClinicalImaging.Application.Audit;

/// <summary>How a request touches patient data, which decides who writes its audit record.</summary>
public enum AuditKind
{
    /// <summary><see cref="AuditBehaviour{TRequest,TResponse}"/> records success after the handler and before the response leaves.</summary>
    Read,

    /// <summary>The store records success inside the transaction of the change itself; the behaviour records failures.</summary>
    Change,
}

/// <summary>A request that reads or changes patient data; every such request implements this.</summary>
public interface IAuditedRequest
{
    AuditKind AuditKind { get; }

    string AuditAction { get; }

    string AuditResourceType { get; }

    /// <summary>Ids of what was touched: UIDs, internal keys or the searched tag, never a searched value.</summary>
    IReadOnlyList<string> AuditResourceIds { get; }
}

/// <summary>
/// A response whose content names what was read, known only after the handler ran (a search's hits): the audit record
/// of a successful read lists these ids after the request's own.
/// </summary>
public interface IAuditedResponse
{
    /// <summary>Ids of what the response discloses: UIDs or internal keys, never patient data.</summary>
    IReadOnlyList<string> AuditResourceIds { get; }
}
