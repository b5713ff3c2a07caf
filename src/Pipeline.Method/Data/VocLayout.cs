namespace Pipeline.Method.Data;

/// <summary>
/// The VOCdevkit/VOC2012 folder layout shared by the loader and the writer: JPEGImages/{id}.jpg,
/// SegmentationClass/{id}.png (palette indices = class ids) and ImageSets/Segmentation/{train,val}.txt. VOC's
/// "train" list is parted into train and validation; its "val" list is the paper's test set.
/// </summary>
public sealed record VocLayout(string Root)
{
    public const string TrainList = "train";
    public const string TestList = "val";

    public string Images => Path.Combine(Root, "JPEGImages");
    public string Masks => Path.Combine(Root, "SegmentationClass");
    public string Lists => Path.Combine(Root, "ImageSets", "Segmentation");

    public string ImagePath(string id) => Path.Combine(Images, id + ".jpg");
    public string MaskPath(string id) => Path.Combine(Masks, id + ".png");
    public string ListPath(string list) => Path.Combine(Lists, list + ".txt");
}
