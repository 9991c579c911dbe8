using System.Diagnostics;
using MimeKit;

namespace CommunitySafety.Tests;

/// <summary>How the test server answers the end of a message's DATA.</summary>
public enum SmtpReply
{
    /// <summary>Stores the message and says 250 at once.</summary>
    Accept,

    /// <summary>Stores the message, then waits before saying 250: past the client's timeout, an answer that never comes in time.</summary>
    Delay,

    /// <summary>Stores the message, then drops the connection without a word.</summary>
    Drop,

    /// <summary>Drops the connection without storing: the client cannot tell this from <see cref="Drop"/>.</summary>
    DropBeforeStoring,

    /// <summary>Says 451 (try again later) and stores nothing.</summary>
    TempFail,

    /// <summary>Says 554 (refused) and stores nothing.</summary>
    Reject,
}

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's aiosmtpd, run by python3, writing every message it accepts to a folder
/// with the envelope recipients in an X-Envelope-To header. It can be stopped and started again on the same port to
/// play a mail server that is down, and told how to answer the end of DATA (<see cref="Reply"/>) to play one that
/// is slow, hangs up, or refuses.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private const string Script = """
        import os, sys, uuid, asyncio
        from aiosmtpd.controller import Controller

        folder = sys.argv[2]
        control = sys.argv[3]

        def store(envelope):
            path = os.path.join(folder, uuid.uuid4().hex)
            with open(path + '.tmp', 'wb') as f:
                f.write(b'X-Envelope-To: ' + ','.join(envelope.rcpt_tos).encode() + b'\r\n')
                f.write(envelope.content)
            os.rename(path + '.tmp', path + '.eml')

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                # How to answer the end of DATA is read afresh for every message, so a test can change it as it goes.
                try:
                    mode = open(control).read().split()
                except FileNotFoundError:
                    mode = []
                kind = mode[0] if mode else 'accept'
                if kind == 'tempfail':
                    return '451 4.3.0 Try again later'
                if kind == 'reject':
                    return '554 5.7.1 Message refused'
                if kind == 'drop-before-storing':
                    server.transport.abort()
                    return '250 OK'
                store(envelope)
                if kind == 'drop':
                    server.transport.abort()
                    return '250 OK'
                if kind == 'delay':
                    await asyncio.sleep(float(mode[1]))
                return '250 OK'

        controller = Controller(Handler(), hostname='127.0.0.1', port=int(sys.argv[1]))
        controller.start()
        print('READY', flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly string python;
    private readonly string scriptPath;
    private readonly string controlPath;
    private Process? process;

    public SmtpTestServer()
    {
        Folder = Directory.CreateTempSubdirectory("cs-smtp-").FullName;
        scriptPath = Path.Combine(Folder, "..", $"{Path.GetFileName(Folder)}-server.py");
        controlPath = Path.Combine(Folder, "..", $"{Path.GetFileName(Folder)}-reply");
        File.WriteAllText(scriptPath, Script);
        python = FindPython();
        Port = LoopbackPort.Free();
        Start();
    }

    public int Port { get; }

    public string Folder { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>How the server answers the end of DATA from the next message on; <see cref="SmtpReply.Accept"/> at first.</summary>
    public void Reply(SmtpReply reply, TimeSpan? delay = null)
    {
        var mode = reply switch
        {
            SmtpReply.Delay => $"delay {(delay ?? TimeSpan.FromSeconds(10)).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            SmtpReply.Drop => "drop",
            SmtpReply.DropBeforeStoring => "drop-before-storing",
            SmtpReply.TempFail => "tempfail",
            SmtpReply.Reject => "reject",
            _ => "accept",
        };
        File.WriteAllText(controlPath + ".tmp", mode);
        File.Move(controlPath + ".tmp", controlPath, overwrite: true);
    }

    public void Start()
    {
        if (IsRunning) return;
        var info = new ProcessStartInfo(python, [scriptPath, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder, controlPath])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(15)) || ready.Result != "READY")
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no answer within 15 seconds";
            Stop();
            throw new InvalidOperationException($"The test SMTP server (aiosmtpd) did not start on 127.0.0.1:{Port}: {error}");
        }
    }

    public void Stop()
    {
        if (process is null) return;
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        process = null;
    }

    /// <summary>Every message received so far, with who it was delivered to.</summary>
    public IReadOnlyList<(string To, MimeMessage Message)> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Select(path =>
        {
            var message = MimeMessage.Load(path);
            return (message.Headers["X-Envelope-To"] ?? "", message);
        }).ToList();

    /// <summary>Forgets what has arrived so far, so a test can read only what comes next.</summary>
    public void Clear()
    {
        foreach (var file in Directory.GetFiles(Folder, "*.eml")) File.Delete(file);
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Folder, recursive: true);
            File.Delete(scriptPath);
            File.Delete(controlPath);
        }
        catch (IOException)
        {
        }
    }

    private static string FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var check = Process.Start(new ProcessStartInfo(candidate, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, UseShellExecute = false });
                if (check is not null && check.WaitForExit(15000) && check.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name: try the next.
            }
        }

        throw new InvalidOperationException(
            "The email tests need a real SMTP server: python3 with aiosmtpd. Install it with scripts/install-prerequisites.sh (Debian package python3-aiosmtpd).");
    }
}
