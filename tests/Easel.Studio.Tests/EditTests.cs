using Easel.Imaging;

namespace Easel.Studio.Tests;

public sealed class EditTests(StudioHost host) : StudioTest(host)
{
    private const int Side = 1024;

    [Fact]
    public async Task An_edit_with_a_painted_mask_changes_only_the_painted_part_and_shows_the_result_beside_the_original()
    {
        var (tenant, page) = await SignedInAsync(credits: 50);
        await GoAsync(page, "/edit", "Edit");

        await page.SetInputFilesAsync("#files", new FilePayload { Name = "blue.png", MimeType = "image/png", Buffer = TestImages.Png(Side, Side, 30, 140, 200) });
        var canvas = page.Locator("#mask-canvas");
        await Expect(canvas).ToBeVisibleAsync();
        await Expect(canvas).ToHaveJSPropertyAsync("width", Side);
        // Paint a broad stroke down the left quarter of the image.
        var box = (await canvas.BoundingBoxAsync())!;
        await page.FillAsync("#brush-size", "120");
        await page.Mouse.MoveAsync(box.X + box.Width * 0.12f, box.Y + box.Height * 0.1f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.12f, box.Y + box.Height * 0.9f, new() { Steps = 12 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator(".painter")).ToHaveAttributeAsync("data-painted", "true");
        await page.FillAsync("#prompt", "paint a red stripe");
        await ShotAsync(page, "edit-mask");

        await page.ClickAsync("form button[type=submit]");

        var result = page.Locator("#results .tile[data-status=finished][data-width]");
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result).ToHaveAttributeAsync("data-width", Side.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator(".compare figcaption")).ToHaveTextAsync("Original, with a mask");
        await ShotAsync(page, "edit");
        var taskId = await result.GetAttributeAsync("data-task-id");
        var task = (await GetJsonAsync(tenant.Client, $"/api/generate/tasks/{taskId}")).GetProperty("data");
        Assert.True(task.GetProperty("request").GetProperty("has_mask").GetBoolean());
        Assert.Equal(1, task.GetProperty("request").GetProperty("reference_images").GetInt32());
        var url = await result.Locator("img").GetAttributeAsync("src");
        using var client = Server.NewClient();
        var image = ImageEncoder.Decode(await client.GetByteArrayAsync(url));
        // The stroke covers x = 63…183 from y = 102 to 922; the sandbox also prints the prompt across the middle, wherever the mask is.
        Assert.True(TestImages.Changed(image, 90, 150, 30, 140, 200) > 60 * Side * 7 / 10, "the painted stripe was not edited");
        Assert.True(TestImages.Changed(image, Side / 2, Side, 30, 140, 200) < Side / 2 * Side / 5, "the unpainted half was edited");
    }

    [Fact]
    public async Task The_mask_can_be_painted_with_the_keyboard()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);
        await GoAsync(page, "/edit", "Edit");
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "base.png", MimeType = "image/png", Buffer = TestImages.Png(Side, Side) });

        await page.FocusAsync("#mask-canvas");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await page.Keyboard.PressAsync("Space");

        await Expect(page.Locator(".painter")).ToHaveAttributeAsync("data-painted", "true");
    }

    [Fact]
    public async Task Use_as_reference_carries_a_generated_image_into_an_edit()
    {
        var (tenant, page) = await SignedInAsync(credits: 20);
        await page.FillAsync("#prompt", "a teapot");
        await page.SelectOptionAsync("#size", "3:2");
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.Locator("#results .tile[data-status=finished]")).ToHaveCountAsync(1);

        await page.ClickAsync("text=Use as reference");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Edit");
        await Expect(page.Locator("#refs .ref")).ToHaveCountAsync(1);
        await Expect(page.Locator("#mask-canvas")).ToHaveJSPropertyAsync("width", 1248);
    }

    [Fact]
    public async Task Images_are_picked_from_the_gallery_for_an_edit()
    {
        var (tenant, page) = await SignedInAsync(credits: 20);
        await GenerateAsync(tenant, 2, size: "16:9");
        await GoAsync(page, "/edit", "Edit");

        await page.ClickAsync("text=Pick from gallery");
        var choices = page.Locator("dialog .gallery button[aria-pressed]");
        await Expect(choices).ToHaveCountAsync(2);
        await choices.Nth(0).ClickAsync();
        await choices.Nth(1).ClickAsync();
        await Expect(choices.Nth(1)).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ClickAsync("#pick-add");

        await Expect(page.Locator("#refs .ref")).ToHaveCountAsync(2);
        await Expect(page.Locator("#mask-canvas")).ToHaveJSPropertyAsync("width", 1360);
        await page.FillAsync("#prompt", "blend them");
        await page.ClickAsync("form button[type=submit]");
        var result = page.Locator("#results .tile[data-status=finished][data-width]");
        await Expect(result).ToHaveCountAsync(1);
        var task = (await GetJsonAsync(tenant.Client, $"/api/generate/tasks/{await result.GetAttributeAsync("data-task-id")}")).GetProperty("data");
        Assert.Equal(2, task.GetProperty("request").GetProperty("reference_images").GetInt32());
        Assert.False(task.GetProperty("request").GetProperty("has_mask").GetBoolean());
    }
}
