// `gammalog`: the command line's front door. `gammalog sessions` over a
// state folder, the command physicists run most, is answered here with the
// SQLite C API and no Foundation, so it starts in a few milliseconds;
// everything else (and anything this fast path does not fully understand)
// runs the full tool, `gammalog-tool`, in this process's place.

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "sessions", let request = SessionsRequest(Array(arguments.dropFirst(2))),
    let table = SessionList.render(request)
{
    print(table)
    exit(0)
}
FullTool.replaceProcess(arguments: arguments)
