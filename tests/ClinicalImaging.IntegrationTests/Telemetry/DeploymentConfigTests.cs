using System.Diagnostics;
using System.Text.Json;
using ClinicalImaging.Api.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Ingest;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.IntegrationTests.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>
/// No Docker engine or cluster runs here, so the deployment files are checked as far as local tools allow: YAML parsed
/// by PyYAML, the Prometheus configuration and alert rules by promtool, and every metric the dashboard and the alerts
/// query against a live scrape of the API.
/// </summary>
public sealed class DeploymentConfigTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public async Task Compose_runs_api_and_worker_from_one_image_beside_database_pacs_prometheus_and_grafana()
    {
        var compose = (await LoadYamlAsync("docker-compose.yml")).Single();
        var services = compose.GetProperty("services");

        Assert.Equal(["api", "db", "grafana", "orthanc", "prometheus", "worker"], services.EnumerateObject().Select(s => s.Name).Order());
        Assert.Equal(services.GetProperty("api").GetProperty("image").GetString(), services.GetProperty("worker").GetProperty("image").GetString());
        Assert.Equal("deploy/Dockerfile", services.GetProperty("api").GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.Equal("worker", services.GetProperty("worker").GetProperty("environment").GetProperty("Host__Role").GetString());
        Assert.True(services.GetProperty("api").GetProperty("read_only").GetBoolean());
        foreach (var service in services.EnumerateObject())
        {
            var mounts = service.Value.TryGetProperty("volumes", out var volumes) ? volumes.EnumerateArray().Select(v => v.GetString()!) : [];
            foreach (var hostPath in mounts.Where(m => m.StartsWith("./", StringComparison.Ordinal)).Select(m => m.Split(':')[0]))
            {
                Assert.True(File.Exists(Path.Combine(Root, hostPath)) || Directory.Exists(Path.Combine(Root, hostPath)) || hostPath == "./models",
                    $"{service.Name} mounts {hostPath}, which is not in the repository");
            }
        }
    }

    [Fact]
    public async Task Kubernetes_manifests_define_probes_limits_and_a_locked_down_security_context_for_every_deployment()
    {
        var kustomization = (await LoadYamlAsync("deploy/k8s/kustomization.yaml")).Single();
        var files = kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).ToList();
        var unlisted = Directory.GetFiles(Path.Combine(Root, "deploy/k8s"), "*.yaml").Select(Path.GetFileName)
            .Except([.. files, "kustomization.yaml", "secret.template.yaml"]);
        Assert.Empty(unlisted);

        var documents = new List<JsonElement>();
        foreach (var file in files.Append("secret.template.yaml"))
        {
            documents.AddRange(await LoadYamlAsync($"deploy/k8s/{file}"));
        }

        var kinds = documents.Select(d => d.GetProperty("kind").GetString()).ToList();
        foreach (var kind in new[] { "Namespace", "ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy" })
        {
            Assert.Contains(kind, kinds);
        }

        var deployments = documents.Where(d => d.GetProperty("kind").GetString() == "Deployment").ToDictionary(d => d.GetProperty("metadata").GetProperty("name").GetString()!);
        Assert.Equal(["clinicalimaging-api", "clinicalimaging-worker"], deployments.Keys.Order());
        foreach (var (name, deployment) in deployments)
        {
            var pod = deployment.GetProperty("spec").GetProperty("template");
            var container = Assert.Single(pod.GetProperty("spec").GetProperty("containers").EnumerateArray());
            Assert.Equal("/health", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());
            Assert.Equal("/ready", container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
            Assert.True(container.GetProperty("resources").GetProperty("limits").TryGetProperty("memory", out _), $"{name} has no memory limit");
            Assert.True(container.GetProperty("resources").GetProperty("requests").TryGetProperty("cpu", out _), $"{name} has no CPU request");
            Assert.True(pod.GetProperty("spec").GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
            Assert.True(container.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
            Assert.False(container.GetProperty("securityContext").GetProperty("allowPrivilegeEscalation").GetBoolean());
            var podLabels = pod.GetProperty("metadata").GetProperty("labels");
            foreach (var selector in deployment.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").EnumerateObject())
            {
                Assert.Equal(selector.Value.GetString(), podLabels.GetProperty(selector.Name).GetString());
            }
        }

        var hpa = documents.Single(d => d.GetProperty("kind").GetString() == "HorizontalPodAutoscaler");
        Assert.Equal("clinicalimaging-worker", hpa.GetProperty("spec").GetProperty("scaleTargetRef").GetProperty("name").GetString());
        var budgets = documents.Where(d => d.GetProperty("kind").GetString() == "PodDisruptionBudget")
            .Select(d => d.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").GetProperty("app.kubernetes.io/component").GetString());
        Assert.Equal(["api", "worker"], budgets.Order());
    }

    [Fact]
    public async Task Kubernetes_settings_bind_to_the_options_and_keys_come_only_from_secrets()
    {
        var config = (await LoadYamlAsync("deploy/k8s/configmap.yaml")).Single().GetProperty("data");
        var secrets = (await LoadYamlAsync("deploy/k8s/secret.template.yaml")).ToDictionary(
            d => d.GetProperty("metadata").GetProperty("name").GetString()!, d => d.GetProperty("stringData"));
        var apiContainer = (await LoadYamlAsync("deploy/k8s/api-deployment.yaml")).Single().GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        // As the environment variable provider reads them: Section__Key is Section:Key.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(
                new[] { config, secrets["clinicalimaging-secrets"], secrets["clinicalimaging-research"] }
                    .SelectMany(e => e.EnumerateObject())
                    .Select(p => KeyValuePair.Create(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString())))
            .Build();

        var security = settings.GetSection(SecurityOptions.Section).Get<SecurityOptions>()!;
        var phi = settings.GetSection(PhiProtectionOptions.Section).Get<PhiProtectionOptions>()!;
        var research = settings.GetSection(ResearchOptions.Section).Get<ResearchOptions>()!;

        Assert.Equal((RateLimitStore.PostgreSql, RateLimitStoreFailure.Open), (security.RateLimitStore, security.RateLimitStoreFailure));
        Assert.True(security.ForwardedHeaders.Enabled);
        Assert.All(security.ForwardedHeaders.KnownNetworks, n => Assert.True(System.Net.IPNetwork.TryParse(n, out _), n));
        Assert.NotEmpty(security.ForwardedHeaders.KnownNetworks);
        Assert.Equal("1", phi.BlindIndexKeyId);
        Assert.True(research.IsConfigured);
        Assert.False(string.IsNullOrEmpty(research.DateShiftKey));
        Assert.DoesNotContain(config.EnumerateObject(), p => p.Name.Contains("Key", StringComparison.Ordinal) || p.Name.StartsWith("Research__", StringComparison.Ordinal));
        var researchSecret = Assert.Single(apiContainer.GetProperty("envFrom").EnumerateArray(), e => e.TryGetProperty("secretRef", out var r) && r.GetProperty("name").GetString() == "clinicalimaging-research");
        Assert.True(researchSecret.GetProperty("secretRef").GetProperty("optional").GetBoolean());
    }

    [Fact]
    public async Task Compose_takes_keys_and_optional_settings_from_the_environment_never_inline()
    {
        var environment = (await LoadYamlAsync("docker-compose.yml")).Single().GetProperty("services").GetProperty("api").GetProperty("environment")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

        foreach (var name in new[]
                 {
                     "Research__PseudonymKey", "Research__DateShiftKey", "Security__Phi__BlindIndexKey", "Security__Phi__BlindIndexKeyId",
                     "Security__RateLimitStore", "Security__RateLimitStoreFailure", "Security__ForwardedHeaders__Enabled", "Security__ForwardedHeaders__KnownProxies__0",
                 })
        {
            Assert.True(environment.TryGetValue(name, out var value), $"compose does not set {name}");
            Assert.Matches(@"^\$\{CLINIMG_[A-Z_]+(:-[A-Za-z0-9]*|:\?[^}]+)?\}$", value);
        }
    }

    [Fact]
    public async Task Prometheus_configuration_and_alert_rules_pass_promtool()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, "check", "config", Path.Combine(Root, "deploy/prometheus/prometheus.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 5 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_query_is_one_that_metrics_exposes()
    {
        await api.CreateClientFor("radiologist").GetAsync("/api/v1/studies/1.2.3.999");
        InferenceMetrics.RecordInference("chest-xray-demo", "success", TimeSpan.FromSeconds(1));
        IngestMetrics.RecordInstance("stow", "stored", 1024);
        JobQueueMetrics.RecordQueueState("inference", 0, TimeSpan.Zero);
        var exposed = Exposition.Parse(await api.CreateClientFor("radiologist").GetStringAsync("/metrics")).Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "deploy/grafana/dashboards/clinicalimaging.json")));
        var dashboardExpressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Append(dashboard.RootElement.GetProperty("templating").GetProperty("list")[0].GetProperty("definition").GetString()!["label_values(".Length..].Split(',')[0])
            .ToList();
        var alertExpressions = (await LoadYamlAsync("deploy/prometheus/alerts.yml")).Single().GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("expr").GetString()!))
            .ToList();

        var queried = dashboardExpressions.Concat(alertExpressions).SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(queried.Count >= 15, $"expected the dashboard to cover the exposed families, found {string.Join(", ", queried)}");
        Assert.Empty(queried.Except(exposed).Order());
    }

    [Fact]
    public async Task Grafana_provisions_the_Prometheus_datasource_and_the_dashboard_folder_compose_mounts()
    {
        var datasource = (await LoadYamlAsync("deploy/grafana/provisioning/datasources/prometheus.yml")).Single().GetProperty("datasources")[0];
        var provider = (await LoadYamlAsync("deploy/grafana/provisioning/dashboards/clinicalimaging.yml")).Single().GetProperty("providers")[0];
        var grafana = (await LoadYamlAsync("docker-compose.yml")).Single().GetProperty("services").GetProperty("grafana");
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "deploy/grafana/dashboards/clinicalimaging.json")));

        Assert.Equal("http://prometheus:9090", datasource.GetProperty("url").GetString());
        var dashboardsPath = provider.GetProperty("options").GetProperty("path").GetString();
        Assert.Contains($"./deploy/grafana/dashboards:{dashboardsPath}:ro", grafana.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()));
        var datasourceUids = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("datasource", out _)).Select(p => p.GetProperty("datasource").GetProperty("uid").GetString()).Distinct();
        Assert.Equal([datasource.GetProperty("uid").GetString()], datasourceUids);
    }

    /// <summary>Every YAML document of a repository file, as JSON, read by PyYAML (Debian python3-yaml).</summary>
    private static async Task<IReadOnlyList<JsonElement>> LoadYamlAsync(string relativePath)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))))");
        start.ArgumentList.Add(Path.Combine(Root, relativePath));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{relativePath} is not valid YAML: {await error}");
        return [.. JsonDocument.Parse(await output).RootElement.EnumerateArray().Where(d => d.ValueKind != JsonValueKind.Null).Select(d => d.Clone())];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ClinicalImaging.sln not found above the test's folder");
    }
}
