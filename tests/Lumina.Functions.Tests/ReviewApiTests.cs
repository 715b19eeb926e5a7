using System.Net;
using System.Text;
using System.Text.Json;
using Lumina.Functions.Export;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>The duplicate and burst review routes: one group at a time, decisions, accepting suggestions, undo, decisions across re-detection, and the export.</summary>
public sealed class ReviewApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGroupShowsItsPlaceMembersAndSuggestionAndTakesDecisionsThatCanBeUndone()
    {
        await using var s = await ReviewScenario.StartAsync();

        var page = await s.GetAsync($"{s.Api}/duplicates");
        var group = await s.GetAsync($"{s.Api}/duplicates/first");
        var groupId = group.GetProperty("group_id").GetInt64();
        var members = group.GetProperty("members").EnumerateArray().ToList();
        var jpeg = members.Single(m => m.GetProperty("path").GetString() == "burst_0.jpg");
        var png = members.Single(m => m.GetProperty("path").GetString() == "burst_0_copy.png");

        Assert.Equal((1L, 1L), (page.GetProperty("total").GetInt64(), page.GetProperty("undecided").GetInt64()));
        Assert.Equal(groupId, page.GetProperty("items")[0].GetProperty("group_id").GetInt64());
        Assert.Equal((1L, 1L, groupId, groupId), (group.GetProperty("index").GetInt64(), group.GetProperty("total").GetInt64(), group.GetProperty("first").GetInt64(), group.GetProperty("last").GetInt64()));
        Assert.Equal(JsonValueKind.Null, group.GetProperty("previous").ValueKind);
        Assert.Equal(JsonValueKind.Null, group.GetProperty("next").ValueKind);
        Assert.False(group.GetProperty("decided").GetBoolean());
        Assert.Equal(jpeg.GetProperty("image_id").GetInt64(), group.GetProperty("suggested").GetInt64());
        Assert.True(jpeg.GetProperty("suggested").GetBoolean());
        Assert.Equal("burst_0.jpg", members[0].GetProperty("path").GetString());
        Assert.NotNull(group.GetProperty("reason").GetString());
        Assert.Contains(png.GetProperty("reason").GetString(), new[] { "original format (jpeg, the other is png)", "camera original (EXIF make, model, date)" });
        Assert.Equal(("jpeg", "png"), (jpeg.GetProperty("format").GetString(), png.GetProperty("format").GetString()));
        Assert.InRange(jpeg.GetProperty("jpeg_quality").GetInt32(), 85, 97);
        Assert.True(jpeg.GetProperty("camera_exif").GetBoolean());
        Assert.Equal("2024-06-01T12:00:00.000", jpeg.GetProperty("taken_at").GetString());
        Assert.True(jpeg.GetProperty("file_size").GetInt64() > 0);
        Assert.Equal(640, png.GetProperty("width").GetInt32());
        Assert.NotNull(png.GetProperty("preview").GetString());
        Assert.All(members, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("decision").ValueKind));

        var decided = await s.SendAsync(HttpMethod.Put, $"{s.Api}/duplicates/{groupId}/decisions",
            new { decisions = new[] { new { image_id = png.GetProperty("image_id").GetInt64(), decision = "reject" } } });
        var reread = await s.GetAsync($"{s.Api}/duplicates/{groupId}");
        var kept = await s.SendAsync(HttpMethod.Put, $"{s.Api}/duplicates/{groupId}/decisions",
            new { decisions = new[] { new { image_id = jpeg.GetProperty("image_id").GetInt64(), decision = "keep" } } });

        Assert.True(decided.GetProperty("decided").GetBoolean());
        Assert.Equal(["burst_0.jpg:", "burst_0_copy.png:reject"], Decisions(reread));
        Assert.Equal(["burst_0.jpg:keep", "burst_0_copy.png:reject"], Decisions(kept));
        Assert.Equal(0L, (await s.GetAsync($"{s.Api}/duplicates")).GetProperty("undecided").GetInt64());
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/duplicates/first?undecided=yes", Ct), HttpStatusCode.NotFound, "has no undecided duplicate groups");

        var undone = await s.SendAsync(HttpMethod.Delete, $"{s.Api}/duplicates/{groupId}/decisions");

        Assert.Equal(["burst_0.jpg:", "burst_0_copy.png:"], Decisions(undone));
        Assert.False(undone.GetProperty("decided").GetBoolean());
        Assert.Equal(2L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.review_decisions WHERE ended_how = 'undone'"));
        Assert.Equal(groupId, (await s.GetAsync($"{s.Api}/duplicates/first?undecided=yes")).GetProperty("group_id").GetInt64());
    }

    [Fact]
    public async Task WrongDecisionsAreRefusedNamingTheProblem()
    {
        await using var s = await ReviewScenario.StartAsync();
        var group = await s.GetAsync($"{s.Api}/duplicates/first");
        var groupId = group.GetProperty("group_id").GetInt64();
        var member = group.GetProperty("members")[0].GetProperty("image_id").GetInt64();
        var stranger = (await s.LibraryAsync())["other.jpg"].GetProperty("id").GetInt64();

        async Task Refused(HttpMethod method, string path, object body, HttpStatusCode status, string message)
        {
            using var request = ReviewScenario.PageRequest(method, path, body);
            await HttpAssert.Error(await s.Client.SendAsync(request, Ct), status, message);
        }

        await Refused(HttpMethod.Put, $"{s.Api}/duplicates/{groupId}/decisions", new { decisions = new[] { new { image_id = stranger, decision = "reject" } } },
            HttpStatusCode.BadRequest, $"image {stranger} is not a member of duplicate group {groupId}");
        await Refused(HttpMethod.Put, $"{s.Api}/duplicates/{groupId}/decisions", new { decisions = new[] { new { image_id = member, decision = "trash" } } },
            HttpStatusCode.BadRequest, "decision must be \"keep\" or \"reject\" (got \"trash\"");
        await Refused(HttpMethod.Put, $"{s.Api}/duplicates/{groupId}/decisions", new { decisions = Array.Empty<object>() }, HttpStatusCode.BadRequest, "decisions is required");
        await Refused(HttpMethod.Put, $"{s.Api}/duplicates/999999/decisions", new { decisions = new[] { new { image_id = member, decision = "keep" } } },
            HttpStatusCode.NotFound, "no duplicate group 999999");
        await Refused(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { }, HttpStatusCode.BadRequest, "send {\"confirm\": true}");
        await Refused(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = false }, HttpStatusCode.BadRequest, "send {\"confirm\": true}");
        var burst = (await s.GetAsync($"{s.Api}/bursts/first")).GetProperty("burst_id").GetInt64();
        await Refused(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "pick", image_id = stranger }, HttpStatusCode.BadRequest, $"image {stranger} is not a frame of burst {burst}");
        await Refused(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "pick" }, HttpStatusCode.BadRequest, "pick needs image_id");
        await Refused(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "best" }, HttpStatusCode.BadRequest, "decision must be \"keep-best\", \"keep-all\" or \"pick\"");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/bursts/999999", Ct), HttpStatusCode.NotFound, "no burst 999999");
        Assert.Equal(0L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.review_decisions"));
    }

    [Fact]
    public async Task AcceptingTheSuggestionsDecidesEveryUndecidedGroupAndIsUndoneAsOne()
    {
        await using var s = await ReviewScenario.StartAsync();

        var groupId = (await s.GetAsync($"{s.Api}/duplicates/first")).GetProperty("group_id").GetInt64();
        // Accepts at once, and a clearing of the group among them: nothing fails, and one decision stands per member.
        var racing = Enumerable.Range(0, 4).Select(_ => s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true })).ToList();
        var clearing = s.SendAsync(HttpMethod.Delete, $"{s.Api}/duplicates/{groupId}/decisions");
        var answers = await Task.WhenAll(racing);
        await clearing;
        await s.SendAsync(HttpMethod.Delete, $"{s.Api}/duplicates/{groupId}/decisions");
        var accepted = await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var again = await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var group = await s.GetAsync($"{s.Api}/duplicates/first");

        // Each accept decides the group if it finds it undecided: once, or twice when the clearing came between two of them.
        Assert.InRange(answers.Sum(a => a.GetProperty("groups").GetInt32()), 1, 2);
        Assert.Equal(1, accepted.GetProperty("groups").GetInt32());
        Assert.Equal(0, again.GetProperty("groups").GetInt32());
        Assert.Equal(2L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.review_decisions WHERE ended_at IS NULL"));
        Assert.Equal(["burst_0.jpg:keep", "burst_0_copy.png:reject"], Decisions(group));

        var undone = await s.SendAsync(HttpMethod.Delete, $"{s.Api}/decisions/{accepted.GetProperty("action").GetString()}");

        Assert.Equal(2, undone.GetProperty("undone").GetInt32());
        Assert.Equal(["burst_0.jpg:", "burst_0_copy.png:"], Decisions(await s.GetAsync($"{s.Api}/duplicates/first")));
    }

    [Fact]
    public async Task BurstDecisionsKeepTheBestAllOrThePickedFrameAndAreUndone()
    {
        await using var s = await ReviewScenario.StartAsync();
        var burst = await s.GetAsync($"{s.Api}/bursts/first");
        var id = burst.GetProperty("burst_id").GetInt64();
        var frames = burst.GetProperty("frames").EnumerateArray().ToList();
        var best = burst.GetProperty("best").GetInt64();
        var other = frames.Select(f => f.GetProperty("image_id").GetInt64()).First(f => f != best);

        Assert.Equal(["burst_0.jpg", "burst_1.jpg", "burst_2.jpg"], frames.Select(f => f.GetProperty("path").GetString()));
        Assert.Equal("Lumina Burst Cam", burst.GetProperty("camera").GetString());
        Assert.Equal(("2024-06-01T12:00:00.000", "2024-06-01T12:00:00.800"), (burst.GetProperty("started_at").GetString(), burst.GetProperty("ended_at").GetString()));
        Assert.NotNull(burst.GetProperty("reason").GetString());
        Assert.Single(frames, f => f.GetProperty("best").GetBoolean());
        Assert.Equal(JsonValueKind.Null, burst.GetProperty("decision").ValueKind);

        var keepBest = await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{id}/decision", new { decision = "keep-best" });
        Assert.Equal(("keep-best", best), (keepBest.GetProperty("decision").GetProperty("choice").GetString(), keepBest.GetProperty("decision").GetProperty("image_id").GetInt64()));
        Assert.Equal(["keep", "reject", "reject"], FrameDecisions(keepBest, best));

        var keepAll = await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{id}/decision", new { decision = "keep-all" });
        Assert.Equal("keep-all", keepAll.GetProperty("decision").GetProperty("choice").GetString());
        Assert.Equal(JsonValueKind.Null, keepAll.GetProperty("decision").GetProperty("image_id").ValueKind);
        Assert.All(keepAll.GetProperty("frames").EnumerateArray(), f => Assert.Equal("keep", f.GetProperty("decision").GetString()));

        var pick = await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{id}/decision", new { decision = "pick", image_id = other });
        Assert.Equal(other, pick.GetProperty("decision").GetProperty("image_id").GetInt64());
        Assert.Equal(["keep", "reject", "reject"], FrameDecisions(pick, other));

        var undone = await s.SendAsync(HttpMethod.Delete, $"{s.Api}/bursts/{id}/decision");
        Assert.Equal(JsonValueKind.Null, undone.GetProperty("decision").ValueKind);
        Assert.All(undone.GetProperty("frames").EnumerateArray(), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("decision").ValueKind));

        var accepted = await s.SendAsync(HttpMethod.Post, $"{s.Api}/bursts/accept-suggestions", new { confirm = true });
        Assert.Equal(1, accepted.GetProperty("groups").GetInt32());
        Assert.Equal("keep-best", (await s.GetAsync($"{s.Api}/bursts/{id}")).GetProperty("decision").GetProperty("choice").GetString());
        Assert.Equal((1L, 0L), ((await s.GetAsync($"{s.Api}/bursts")).GetProperty("total").GetInt64(), (await s.GetAsync($"{s.Api}/bursts")).GetProperty("undecided").GetInt64()));
    }

    [Fact]
    public async Task DecisionsSurviveARedetectionOfTheSameMembersAndStayAsHistoryWhenAGroupChanges()
    {
        await using var s = await ReviewScenario.StartAsync();
        var before = await s.GetAsync($"{s.Api}/duplicates/first");
        await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var burst = (await s.GetAsync($"{s.Api}/bursts/first")).GetProperty("burst_id").GetInt64();
        await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "keep-all" });

        await s.RedetectAsync();
        var after = await s.GetAsync($"{s.Api}/duplicates/first");
        var burstAfter = await s.GetAsync($"{s.Api}/bursts/first");

        Assert.NotEqual(before.GetProperty("group_id").GetInt64(), after.GetProperty("group_id").GetInt64());
        Assert.NotEqual(burst, burstAfter.GetProperty("burst_id").GetInt64());
        Assert.Equal(["burst_0.jpg:keep", "burst_0_copy.png:reject"], Decisions(after));
        Assert.Equal("keep-all", burstAfter.GetProperty("decision").GetProperty("choice").GetString());

        // A third copy joins the group: it is another group now, undecided; the earlier decisions stay, not applied.
        TestImages.Run("vips", "copy", s.Folder.PathOf("burst_0.jpg"), s.Folder.PathOf("burst_0_copy.tif"));
        await s.RebuildAsync();
        var changed = await s.GetAsync($"{s.Api}/duplicates/first");

        Assert.Equal(3, changed.GetProperty("members").GetArrayLength());
        Assert.False(changed.GetProperty("decided").GetBoolean());
        Assert.All(changed.GetProperty("members").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("decision").ValueKind));
        Assert.Equal(2L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.review_decisions WHERE kind = 'duplicates' AND ended_at IS NULL"));
        Assert.Equal("keep-all", (await s.GetAsync($"{s.Api}/bursts/first")).GetProperty("decision").GetProperty("choice").GetString());
    }

    [Fact]
    public async Task TheExportAndTheImageRouteCarryImageIdsAndDecisions()
    {
        await using var s = await ReviewScenario.StartAsync();
        await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var burst = (await s.GetAsync($"{s.Api}/bursts/first")).GetProperty("burst_id").GetInt64();
        await s.SendAsync(HttpMethod.Put, $"{s.Api}/bursts/{burst}/decision", new { decision = "keep-best" });
        var library = await s.LibraryAsync();

        using var output = new MemoryStream();
        await s.Host.Get<CatalogExporter>().WriteAsync(Guid.Parse(s.CatalogId), ExportFormat.Jsonl, output, Ct);
        var records = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("path").GetString()!);

        Assert.All(records, r => Assert.Equal(library[r.Key].GetProperty("id").GetInt64(), r.Value.GetProperty("id").GetInt64()));
        Assert.Equal("keep", records["burst_0.jpg"].GetProperty("duplicate_decision").GetString());
        Assert.Equal("reject", records["burst_0_copy.png"].GetProperty("duplicate_decision").GetString());
        Assert.Equal(JsonValueKind.Null, records["other.jpg"].GetProperty("duplicate_decision").ValueKind);
        var frames = records.Values.Where(r => r.GetProperty("burst_id").ValueKind == JsonValueKind.Number).ToList();
        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Equal(f.GetProperty("burst_best").GetBoolean() ? "keep" : "reject", f.GetProperty("burst_decision").GetString()));
        var image = await s.GetAsync($"{s.Api}/images/{library["burst_0_copy.png"].GetProperty("id").GetInt64()}");
        Assert.Equal("reject", image.GetProperty("duplicate_decision").GetString());

        using var csv = new MemoryStream();
        await s.Host.Get<CatalogExporter>().WriteAsync(Guid.Parse(s.CatalogId), ExportFormat.Csv, csv, Ct);
        var header = Encoding.UTF8.GetString(csv.ToArray()).Split('\n')[0].Split(',');
        Assert.Equal(["path", "id"], header[..2]);
        Assert.Contains("duplicate_decision", header);
        Assert.Contains("burst_decision", header);
    }

    [Fact]
    public async Task ABackupCarriesTheDecisionsAndARestorePutsThemBack()
    {
        await using var s = await ReviewScenario.StartAsync();
        await s.SendAsync(HttpMethod.Post, $"{s.Api}/duplicates/accept-suggestions", new { confirm = true });
        var backups = s.Host.Get<Catalogs.CatalogBackups>();
        var catalog = await s.Host.Get<Catalogs.CatalogService>().GetAsync(s.CatalogId, Ct);
        var backup = await backups.BackupAsync(catalog, "test", null, Ct);
        var groupId = (await s.GetAsync($"{s.Api}/duplicates/first")).GetProperty("group_id").GetInt64();
        await s.SendAsync(HttpMethod.Delete, $"{s.Api}/duplicates/{groupId}/decisions");

        await backups.RestoreAsync(s.CatalogId, backup.Path, Ct);

        Assert.Equal(["burst_0.jpg:keep", "burst_0_copy.png:reject"], Decisions(await s.GetAsync($"{s.Api}/duplicates/first")));
        Assert.Equal(2L, await s.Host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.review_decisions"));
    }

    private static string[] Decisions(JsonElement group) =>
        [.. group.GetProperty("members").EnumerateArray().Select(m => $"{m.GetProperty("path").GetString()}:{m.GetProperty("decision").GetString()}").Order()];

    /// <summary>The frames' decisions, the frame <paramref name="first"/> first.</summary>
    private static string[] FrameDecisions(JsonElement burst, long first) =>
        [.. burst.GetProperty("frames").EnumerateArray().OrderBy(f => f.GetProperty("image_id").GetInt64() != first).Select(f => f.GetProperty("decision").GetString() ?? "")];
}
