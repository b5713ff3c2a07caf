using Pipeline.Torch.Native;

namespace Pipeline.Torch;

// Arithmetic, comparisons, reductions and in-place updates.
public sealed partial class Tensor
{
    public Tensor add(Tensor other, Scalar? alpha = null) => Aten.CallOverload("aten::add", "Tensor", this, other, alpha ?? 1);
    public Tensor add(Scalar other) => Aten.CallOverload("aten::add", "Scalar", this, other, 1);
    public Tensor sub(Tensor other) => Aten.CallOverload("aten::sub", "Tensor", this, other, 1);
    public Tensor sub(Scalar other) => Aten.CallOverload("aten::sub", "Scalar", this, other, 1);
    public Tensor mul(Tensor other) => Aten.CallOverload("aten::mul", "Tensor", this, other);
    public Tensor mul(Scalar other) => Aten.CallOverload("aten::mul", "Scalar", this, other);
    public Tensor div(Tensor other) => Aten.CallOverload("aten::div", "Tensor", this, other);
    public Tensor div(Scalar other) => Aten.CallOverload("aten::div", "Scalar", this, other);
    public Tensor remainder(Scalar other) => Aten.CallOverload("aten::remainder", "Scalar", this, other);
    public Tensor pow(Scalar exponent) => Aten.CallOverload("aten::pow", "Tensor_Scalar", this, exponent);
    public Tensor neg() => Aten.Call("aten::neg", this);
    public Tensor abs() => Aten.Call("aten::abs", this);
    public Tensor sqrt() => Aten.Call("aten::sqrt", this);
    public Tensor rsqrt() => Aten.Call("aten::rsqrt", this);
    public Tensor exp() => Aten.Call("aten::exp", this);
    public Tensor log() => Aten.Call("aten::log", this);
    public Tensor sin() => Aten.Call("aten::sin", this);
    public Tensor cos() => Aten.Call("aten::cos", this);
    public Tensor sigmoid() => Aten.Call("aten::sigmoid", this);
    public Tensor tanh() => Aten.Call("aten::tanh", this);
    public Tensor relu() => Aten.Call("aten::relu", this);
    public Tensor floor() => Aten.Call("aten::floor", this);
    public Tensor ceil() => Aten.Call("aten::ceil", this);
    public Tensor round() => Aten.Call("aten::round", this);
    public Tensor sign() => Aten.Call("aten::sign", this);
    public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
        Aten.Call("aten::clamp", this, min.HasValue ? min.Value : Arg.None, max.HasValue ? max.Value : Arg.None);
    public Tensor matmul(Tensor other) => Aten.Call("aten::matmul", this, other);
    public Tensor mm(Tensor other) => Aten.Call("aten::mm", this, other);

    public Tensor eq(Tensor other) => Aten.CallOverload("aten::eq", "Tensor", this, other);
    public Tensor eq(Scalar other) => Aten.CallOverload("aten::eq", "Scalar", this, other);
    public Tensor ne(Tensor other) => Aten.CallOverload("aten::ne", "Tensor", this, other);
    public Tensor ne(Scalar other) => Aten.CallOverload("aten::ne", "Scalar", this, other);
    public Tensor lt(Tensor other) => Aten.CallOverload("aten::lt", "Tensor", this, other);
    public Tensor lt(Scalar other) => Aten.CallOverload("aten::lt", "Scalar", this, other);
    public Tensor le(Tensor other) => Aten.CallOverload("aten::le", "Tensor", this, other);
    public Tensor le(Scalar other) => Aten.CallOverload("aten::le", "Scalar", this, other);
    public Tensor gt(Tensor other) => Aten.CallOverload("aten::gt", "Tensor", this, other);
    public Tensor gt(Scalar other) => Aten.CallOverload("aten::gt", "Scalar", this, other);
    public Tensor ge(Tensor other) => Aten.CallOverload("aten::ge", "Tensor", this, other);
    public Tensor ge(Scalar other) => Aten.CallOverload("aten::ge", "Scalar", this, other);
    public Tensor logical_and(Tensor other) => Aten.Call("aten::logical_and", this, other);
    public Tensor logical_or(Tensor other) => Aten.Call("aten::logical_or", this, other);
    public Tensor logical_not() => Aten.Call("aten::logical_not", this);
    public Tensor isnan() => Aten.Call("aten::isnan", this);
    public Tensor isfinite() => Aten.Call("aten::isfinite", this);

    public Tensor sum() => Aten.Call("aten::sum", this);
    public Tensor sum(long[] dim, bool keepdim = false) => Aten.CallOverload("aten::sum", "dim_IntList", this, dim, keepdim);
    public Tensor mean() => Aten.Call("aten::mean", this);
    public Tensor mean(long[] dim, bool keepdim = false) => Aten.CallOverload("aten::mean", "dim", this, dim, keepdim);
    public Tensor std(bool unbiased = true) => Aten.Call("aten::std", this, unbiased);
    public Tensor var(bool unbiased = true) => Aten.Call("aten::var", this, unbiased);
    public Tensor max() => Aten.Call("aten::max", this);
    public Tensor min() => Aten.Call("aten::min", this);
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => Pair(Aten.CallMany("aten::max", "dim", this, dim, keepdim));
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => Pair(Aten.CallMany("aten::min", "dim", this, dim, keepdim));
    public Tensor argmax(long? dim = null, bool keepdim = false) => Aten.Call("aten::argmax", this, Arg.Optional(dim), keepdim);
    public Tensor argsort(long dim = -1, bool descending = false) => Aten.Call("aten::argsort", this, dim, descending);
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false) => Pair(Aten.CallMany("aten::sort", "", this, dim, descending));
    public Tensor cumsum(long dim) => Aten.Call("aten::cumsum", this, dim);
    public Tensor all() => Aten.Call("aten::all", this);
    public Tensor any() => Aten.Call("aten::any", this);
    public Tensor bincount(Tensor? weights = null, long minlength = 0) => Aten.Call("aten::bincount", this, weights, minlength);

    public Tensor zero_() { Aten.CallInPlace("aten::zero_", "", this); return this; }
    public Tensor fill_(Scalar value) { Aten.CallInPlace("aten::fill_", "Scalar", this, value); return this; }
    public Tensor copy_(Tensor src, bool non_blocking = false) { Aten.CallInPlace("aten::copy_", "", this, src, non_blocking); return this; }
    public Tensor add_(Tensor other, Scalar? alpha = null) { Aten.CallInPlace("aten::add_", "Tensor", this, other, alpha ?? 1); return this; }
    public Tensor add_(Scalar other) { Aten.CallInPlace("aten::add_", "Scalar", this, other, 1); return this; }
    public Tensor sub_(Tensor other) { Aten.CallInPlace("aten::sub_", "Tensor", this, other, 1); return this; }
    public Tensor mul_(Tensor other) { Aten.CallInPlace("aten::mul_", "Tensor", this, other); return this; }
    public Tensor mul_(Scalar other) { Aten.CallInPlace("aten::mul_", "Scalar", this, other); return this; }
    public Tensor div_(Scalar other) { Aten.CallInPlace("aten::div_", "Scalar", this, other); return this; }
    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        Aten.CallInPlace("aten::clamp_", "", this, min.HasValue ? min.Value : Arg.None, max.HasValue ? max.Value : Arg.None);
        return this;
    }
    public Tensor relu_() { Aten.CallInPlace("aten::relu_", "", this); return this; }
    public Tensor normal_(double mean = 0, double std = 1) { Aten.CallInPlace("aten::normal_", "", this, mean, std); return this; }
    public Tensor uniform_(double from = 0, double to = 1) { Aten.CallInPlace("aten::uniform_", "", this, from, to); return this; }
    public Tensor masked_fill_(Tensor mask, Scalar value) { Aten.CallInPlace("aten::masked_fill_", "Scalar", this, mask, value); return this; }

    private static (Tensor, Tensor) Pair(Tensor[] results) => (results[0], results[1]);

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => Aten.CallOverload("aten::rsub", "Scalar", b, a, 1);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator %(Tensor a, Scalar b) => a.remainder(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
    public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator !(Tensor a) => a.logical_not();
}
