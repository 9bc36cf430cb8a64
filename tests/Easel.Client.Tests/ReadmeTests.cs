using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Easel.Client.Tests;

/// <summary>The package README's C# examples compile against the SDK as it is (with Roslyn, as a user's program would).</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
    private static readonly string RepositoryReadme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RepositoryReadme.md"));

    [Fact]
    public void The_first_example_compiles_as_a_program_of_its_own()
    {
        var blocks = CSharpBlocks();

        AssertCompiles(blocks[0]);
    }

    [Fact]
    public void The_step_by_step_example_compiles_after_the_first()
    {
        var blocks = CSharpBlocks();

        AssertCompiles(blocks[0] + "\n" + blocks[1]);
    }

    [Fact]
    public void The_dependency_injection_example_compiles_in_a_web_application()
    {
        var blocks = CSharpBlocks();

        AssertCompiles("using Easel.Client;\nvar builder = WebApplication.CreateBuilder(args);\n" + blocks[2], WebUsings);
    }

    [Fact]
    public void The_repository_readmes_sdk_example_compiles()
    {
        var section = RepositoryReadme[RepositoryReadme.IndexOf("## The .NET SDK", StringComparison.Ordinal)..];

        AssertCompiles(CodeBlock().Match(section).Groups[1].Value);
    }

    [Fact]
    public void A_broken_example_does_not_compile()
    {
        Assert.NotEmpty(Errors(CSharpBlocks()[0].Replace("GenerateAsync", "GenerateImageAsync", StringComparison.Ordinal)));
    }

    private static List<string> CSharpBlocks()
    {
        var blocks = CodeBlock().Matches(Readme).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 3, $"the README has {blocks.Count} csharp blocks");
        return blocks;
    }

    private static void AssertCompiles(string program, string usings = ConsoleUsings)
    {
        var errors = Errors(program, usings);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n---\n" + program);
    }

    private static List<string> Errors(string program, string usings = ConsoleUsings)
    {
        var tree = CSharpSyntaxTree.ParseText(program, new CSharpParseOptions(LanguageVersion.Latest));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("ReadmeExample", [tree, CSharpSyntaxTree.ParseText(usings)], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
    }

    /// <summary>What a console project (Microsoft.NET.Sdk) imports implicitly.</summary>
    private const string ConsoleUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>What a web project (Microsoft.NET.Sdk.Web) imports implicitly.</summary>
    private const string WebUsings = ConsoleUsings + """

        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        """;

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
