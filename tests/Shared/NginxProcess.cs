using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CommunitySafety.Tests;

/// <summary>
/// Debian's nginx on loopback as a child process, running the committed deploy/nginx/communitysafety.conf with only
/// its ports changed: the load balancer the README tells a council to use, not one written for the tests.
/// </summary>
public sealed class NginxProcess : IDisposable
{
    private readonly Process process;
    private readonly string prefix;
    private readonly StringBuilder log = new();

    private NginxProcess(Process process, string prefix, int port)
    {
        this.process = process;
        this.prefix = prefix;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string ConfigFile => Path.Combine(TestApp.RepositoryRoot, "deploy", "nginx", "communitysafety.conf");

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Log
    {
        get
        {
            lock (log) return log.ToString() + (File.Exists(Path.Combine(prefix, "error.log")) ? File.ReadAllText(Path.Combine(prefix, "error.log")) : "");
        }
    }

    /// <summary>Starts nginx in front of these instances (in place of the file's 127.0.0.1:5081 and :5082).</summary>
    public static async Task<NginxProcess> StartAsync(params int[] instancePorts)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
                    ?? throw new InvalidOperationException("The two-instance tests need nginx: install Debian's package (scripts/install-prerequisites.sh, or apt-get install nginx).");
        var site = await File.ReadAllTextAsync(ConfigFile);
        var servers = string.Join("\n", instancePorts.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=10s;"));
        site = site.Replace("    server 127.0.0.1:5081 max_fails=1 fail_timeout=10s;\n    server 127.0.0.1:5082 max_fails=1 fail_timeout=10s;", servers, StringComparison.Ordinal);
        var port = LoopbackPort.Free();
        site = site.Replace("listen 127.0.0.1:8080;", $"listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};", StringComparison.Ordinal);
        if (!site.Contains(servers, StringComparison.Ordinal) || site.Contains(":8080", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{ConfigFile} no longer has the upstream and listen lines the tests replace.");
        }

        // Everything nginx writes stays in a folder of its own, writable by its worker (nobody, when run as root).
        var prefix = Directory.CreateTempSubdirectory("cs-nginx-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(prefix, (UnixFileMode)0x1FF);
        await File.WriteAllTextAsync(Path.Combine(prefix, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                include {{prefix}}/site.conf;
            }
            """);
        var info = new ProcessStartInfo(nginx, ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var started = new NginxProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start nginx."), prefix, port);
        await started.WaitUntilListeningAsync();
        return started;
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited ({process.ExitCode}):\n{Log}");
            try
            {
                using var socket = new System.Net.Sockets.TcpClient();
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nginx did not listen on {Port} within 20 s:\n{Log}");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        try
        {
            Directory.Delete(prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }
}
