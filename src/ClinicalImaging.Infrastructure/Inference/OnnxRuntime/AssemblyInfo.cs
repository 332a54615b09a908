using System.Runtime.CompilerServices;

// The binding's tests check the generated OrtApi slot table and the native plumbing directly.
[assembly: InternalsVisibleTo("ClinicalImaging.Inference.Tests")]
