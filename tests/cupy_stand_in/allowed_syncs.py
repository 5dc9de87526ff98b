"""Device-to-host syncs inside gradlib that the strict stand-in run accepts: the ones PyTorch has too.

Each entry is (path, function, what, why): ``path`` and ``function`` (qualified name, fnmatch pattern) name the
site the stand-in reports ("gradlib/ops/indexing.py:26 (_IndexOp.forward)"), ``what`` the kind of sync
(fnmatch pattern on the event's description). A sync reached only through the user-facing host APIs
(``.item()``, ``.tolist()``, ``.numpy()``, ``.cpu()``, printing, ``float(t)``) is reported as 'explicit' and needs
no entry; a sync in the test's own code never counts.
"""
# Host APIs: gradlib functions that read device data because their caller asked for it. The stand-in charges a
# sync inside them to the gradlib function that called them; when the test (the user) called them, the sync is
# 'explicit' and never counts. (path, qualified name); '*' matches every function of the file; everything under
# gradlib/backends/ passes through as well.
HOST_APIS = {
    ("gradlib/_tensor.py", name) for name in (
        "Tensor.item", "Tensor._python_value", "Tensor.tolist", "Tensor.numpy", "Tensor.__bool__", "Tensor.__float__",
        "Tensor.__int__", "Tensor.__complex__",
        "Tensor.__index__", "Tensor.__repr__", "Tensor.__format__", "Tensor.__array__", "Tensor.to", "Tensor.cpu",
        "Tensor.cuda",
        "Tensor.__contains__")  # `v in t`: PyTorch's is (v == t).any().item(), a host read too
} | {
    ("gradlib/autograd/inplace.py", "InPlaceMethods.copy_"),  # x.copy_(cuda_t) of a CPU x, as PyTorch
} | {
    ("gradlib/_tensor_str.py", "*"), ("gradlib/_sparse_str.py", "*"),
    ("gradlib/_sparse_coo.py", "SparseCooTensor.__repr__"), ("gradlib/_sparse_csr.py", "SparseCsrTensor.__repr__"),
    ("gradlib/_sparse_base.py", "SparseTensorBase.to"), ("gradlib/_sparse_base.py", "SparseTensorBase.cpu"),
    ("gradlib/_sparse_coo.py", "SparseCooTensor._moved"), ("gradlib/_sparse_csr.py", "SparseCsrTensor._moved"),
    ("gradlib/nn/parameter.py", "Parameter.__repr__"), ("gradlib/serialization.py", "*"),
    ("gradlib/_torch_checkpoint.py", "*"),
    ("gradlib/jit/_archive.py", "*"), ("gradlib/jit/_serialization.py", "load"), ("gradlib/jit/_script.py", "ScriptModule.save"), ("gradlib/jit/_script.py", "save"),  # jit.save/load: gradlib.save/load
    ("gradlib/utils/safetensors.py", "*"),
    ("gradlib/utils/tensorboard/summary.py", "*"), ("gradlib/utils/tensorboard/writer.py", "*"),  # event files
    ("gradlib/ops/conversion.py", "_transfer"), ("gradlib/ops/conversion.py", "to_device"),
    ("gradlib/ops/conversion.py", "DeviceCopy.forward"), ("gradlib/ops/_op.py", "Op.apply"),
    ("gradlib/ops/_op.py", "Op._apply"),  # apply's general path (device copies take it)
    ("gradlib/_creation.py", "tensor"), ("gradlib/_creation.py", "_host_data"),
    ("gradlib/_creation.py", "_spacing_steps"), ("gradlib/_creation.py", "linspace"),
    ("gradlib/_creation.py", "logspace"),  # start, end, steps given as 0-d tensors: Python numbers, as PyTorch
    ("gradlib/_creation.py", "_host_data.<locals>.<listcomp>"),  # tensor([cuda_t1, cuda_t2]) reads them, as PyTorch
    ("gradlib/_creation.py", "_capturable.<locals>.made"),  # the replay-capture wrapper of tensor() and the factories
    ("gradlib/cuda.py", "synchronize"),
    ("gradlib/cuda.py", "get_rng_state"),  # returns the state as a CPU ByteTensor, as PyTorch's does
    ("gradlib/cuda.py", "get_rng_state_all"),  # the same, for every GPU
    ("gradlib/_cuda_streams.py", "Stream.synchronize"), ("gradlib/_cuda_streams.py", "Event.synchronize"),  # waits
    ("gradlib/random.py", "Generator.get_state"),  # a CPU ByteTensor too (torch.Generator.get_state)
    ("gradlib/random.py", "Generator._state_copy"),  # get_state's copy (its own frame: replayed in a capture)
    ("gradlib/random.py", "_replayed"),  # the wrapper that runs _state_copy (recorded while a step is captured)
    ("gradlib/return_types.py", "*"),  # printing (values, indices) named tuples
    ("gradlib/distributions/_basic.py", "Distribution.__repr__"),  # printing a distribution's one-element parameters
    ("gradlib/optim/optimizer.py", "Optimizer.__repr__"),  # printing the groups' tensor hyper-parameters
    ("gradlib/_tensor.py", "Tensor.type"),  # x.type('torch.LongTensor') of a CUDA tensor moves it, as PyTorch
    ("gradlib/testing.py", "*"),  # assert_close reads its verdict and message on the host (PyTorch's torch.all too)
    ("gradlib/storage.py", "*"),  # reading a storage's elements (indexing, tolist, printing), as PyTorch's
    ("gradlib/_torch_function.py", "*"),  # __torch_function__ dispatch: passes a call (x.tolist()) on, reads nothing
    # (its dispatch frames run under this file name: gradlib._torch_function.TRANSPARENT)
    ("gradlib/_torch_function.py (gradlib dispatch: frames skipped by warnings, as importlib._bootstrap's)", "*"),
    ("gradlib/_tensor_subclass.py", "SubclassMethods.__torch_function__"),  # the default handler runs the call
    ("gradlib/func/_batched.py", "BatchedTensor.__repr__"),  # printing a batched tensor inside vmap, as PyTorch's
    ("gradlib/nn/modules/_load_state.py", "load_value"),  # load_state_dict's copy of a CPU checkpoint to the GPU
    ("gradlib/nn/modules/_state_dict.py", "StateDictMixin._load_tree"),  # the same copy, from the tree walk
    ("gradlib/nn/modules/_state_dict.py", "StateDictMixin._load_from_state_dict"),  # the same, per module
    # PyTorch reads the targets too (nonzero per cluster, .item() for the message): the range check
    ("gradlib/nn/modules/adaptive.py", "AdaptiveLogSoftmaxWithLoss.forward"),
    ("gradlib/nn/modules/_state_dict.py", "StateDictMixin.load_state_dict"),
} | {
    ("gradlib/nn/modules/module.py", name) for name in (
        "Module.load_state_dict", "Module.to", "Module.to.<locals>.convert", "Module._apply", "Module.cpu",
        "Module.cuda")
}

# Functions whose syncs are explicit whoever calls them: the backward of a transfer the user asked for
# (``x.cpu()``) copies the gradient back.
EXPLICIT = {("gradlib/ops/conversion.py", "DeviceCopy.backward")}

ALLOWED = [
    ("gradlib/_arg_parser.py", "_converted", "*",
     "a 0-d (or one-element) device tensor given for a float, int, Scalar or int-list argument of a parsed torch.* "
     "function (torch.dropout(x, torch.tensor(0.5), True), torch.max_pool1d(x, torch.tensor([2]))): PyTorch's "
     "argument parser reads it on the host too"),
    ("gradlib/_arg_parser.py", "_plain", "*",
     "the same reads for ints and list items (_converted's helper)"),
    ("gradlib/ops/decompositions.py", "_check_phase_free", "*",
     "the backward of a complex linalg.svd checks that the loss does not depend on the singular vectors' phases: "
     "PyTorch's svd_backward reads the same allclose on the host"),
    ("gradlib/ops/eig.py", "LinalgEigBackward0.forward", "*",
     "linalg.eig/eigvals run LAPACK's geev on a host copy: PyTorch's CUDA kernel computes on the host too (MAGMA's "
     "geev) and waits for the GPU"),
    ("gradlib/_creation.py", "_sizes.<locals>.<genexpr>", "cupy.asnumpy()",
     "a size given as a 0-d device tensor (torch.full((N,), T) with N a tensor, CTCLoss's docstring example): "
     "PyTorch reads it on the host too"),
    ("gradlib/_creation.py", "factory_size.<locals>.<genexpr>", "cupy.asnumpy()",
     "a factory's size given as a 0-d device tensor (torch.zeros(t)): PyTorch's argument parser reads it on the host "
     "too"),
    ("gradlib/_creation.py", "full", "cupy.asnumpy()",
     "full's fill value given as a 0-d device tensor: PyTorch's Scalar argument reads it with item() too"),
    ("gradlib/_creation.py", "_range_scalar", "cupy.asnumpy()",
     "arange's bounds given as 0-d device tensors: PyTorch's Scalar arguments read them with item() too"),
    ("gradlib/_creation.py", "_spacing_ends.<locals>.<genexpr>", "cupy.asnumpy()",
     "linspace/logspace's ends given as 0-d device tensors: PyTorch's Scalar arguments read them with item() too"),
    ("gradlib/ops/grids.py", "meshgrid", "cupy.asnumpy()",
     "meshgrid's error for a tensor with more than one dim prints the tensor in its message, as PyTorch's"),
    ("gradlib/ops/shape.py", "narrow", "cupy.asnumpy()",
     "narrow(x, dim, start, length) with start a 0-d device tensor (its docstring example): PyTorch reads it with "
     "item() too"),
    ("gradlib/ops/indexing.py", "_basic_node", "cupy.asnumpy()",
     "the slice bounds of narrow with a 0-d device tensor start: PyTorch reads them on the host too"),
    ("gradlib/ops/indexing.py", "_IndexOp.forward", "boolean mask getitem",
     "x[mask]: the output's size depends on the data (PyTorch syncs in nonzero too)"),
    ("gradlib/ops/indexing.py", "_nonzero", "ndarray.nonzero()",
     "x[mask, idx] and x[mask, idx] = v (a mask among other index arrays), x[:, mask] = values (one row per True "
     "after other dims): the mask's positions, PyTorch's nonzero in index and index_put_"),
    ("gradlib/ops/indexing.py", "_convert_index", "cupy.asnumpy()",
     "a 0-d index tensor (bool, or int beside other index arrays) is read, as PyTorch's item() reads it"),
    ("gradlib/autograd/anomaly.py", "*", "*",
     "anomaly mode checks each gradient for NaN on the host, as PyTorch's does"),
    ("gradlib/ops/comparison.py", "equal", "*", "torch.equal returns a Python bool"),
    ("gradlib/_tensor_queries.py", "is_nonzero", "*", "torch.is_nonzero returns a Python bool (PyTorch's item())"),
    ("gradlib/_tensor_methods_more.py", "MoreTensorMethods.is_nonzero", "*",
     "Tensor.is_nonzero returns a Python bool (PyTorch's item())"),
    ("gradlib/_scalar_range.py", "_number", "*",
     "scalar_tensor/range with a 0-d device tensor as the number: PyTorch reads its Scalar with item() too"),
    ("gradlib/ops/error_functions.py", "_run_loops", "*",
     "igamma/igammac: one read of whether any element's series or continued fraction is still going after 64 "
     "steps (PyTorch's kernel loops per element up to 2000 steps without a read; running all 2000 vectorized "
     "steps on every call costs 20 times the time)"),
    ("gradlib/ops/special_functions.py", "_chebyshev_steps", "*",
     "a Chebyshev polynomial of degree above 1024: one read of how many recurrence steps its x values need "
     "before they overflow (PyTorch's per-element loop stops at its first NaN without a read)"),
    ("gradlib/ops/special_functions.py", "_largest_degree", "*",
     "torch.special's orthogonal polynomials with a tensor degree n: gradlib's vectorized three-term recurrence "
     "reads max(n) once to know how many steps to run (PyTorch's kernel loops per element on the device instead; "
     "a Python-number n reads nothing)"),
    ("gradlib/cuda_graphs.py", "graph.__enter__", "Device.synchronize()",
     "torch.cuda.graph synchronizes the device before it begins a capture (outside the capture)"),
    ("gradlib/nn/functional.py", "one_hot", "*", "one_hot(num_classes=-1) reads max() (PyTorch too)"),
    ("gradlib/nn/parallel/scatter_gather.py", "_gather_tensors*", "cupy.asnumpy()",
     "DataParallel(output_device=-1) and gather(outputs, -1) copy the outputs to the CPU, as PyTorch's Gather"),
    ("gradlib/nn/_ctc.py", "_lengths", "*",
     "ctc_loss reads input_lengths/target_lengths on the host (PyTorch's converts them to an IntArrayRef with "
     ".cpu())"),
    ("gradlib/nn/utils/__init__.py", "get_total_norm", "*",
     "get_total_norm / clip_grad_norm_(error_if_nonfinite=True) reads the norm (PyTorch too), and over gradients "
     "on several devices copies each norm to the first one's device, as PyTorch's (norm.to(first_device))"),
    ("gradlib/nn/utils/__init__.py", "clip_grads_with_norm_", "*",
     "clip_grad_norm_ over gradients on several devices: the clip factor is copied to each device, as PyTorch's "
     "(clip_coef_clamped.to(device))"),
    ("gradlib/optim/lr_scheduler.py", "ReduceLROnPlateau.step", "*", "float(metrics), as in PyTorch"),
    ("gradlib/optim/lr_scheduler.py", "ReduceLROnPlateau._reduce_lr", "*",
     "float(group['lr']) of a tensor lr, as PyTorch's _reduce_lr"),
    ("gradlib/optim/optimizer.py", "_host_value", "*",
     "a GPU tensor hyper-parameter other than lr (betas, eps, weight_decay, momentum, ...) of a non-capturable "
     "optimizer is read each step, as the tensor lr: PyTorch's update ends in a Python scalar made from it "
     "(addcdiv_(value=-step_size) with step_size = lr / (1 - beta1 ** step)), an .item()"),
    ("gradlib/autograd/capture.py", "Recorder.call", "cupy.asnumpy()",
     "Generator.get_state() inside a step captured for replay (gradlib.graphs), recorded and rerun at each replay: "
     "a CPU ByteTensor of a CUDA generator's state, as PyTorch's"),
    ("gradlib/optim/optimizer.py", "_with_host_lr", "*",
     "a GPU tensor lr of a non-capturable optimizer is read each step: PyTorch's update takes its step size as a "
     "Python scalar (addcdiv_(value=-step_size), add_(alpha=-lr)), an .item()"),
    ("gradlib/nn/_losses.py", "gaussian_nll_loss", "*", "torch.any(var < 0) is read, as in PyTorch"),
    ("gradlib/ops/reduction.py", "ProdBackward0.backward", "*",
     "under create_graph prod's backward reads whether the input holds a zero, as PyTorch's prod_backward "
     "(total_zeros.item(); its first-order path decides on the device)"),
    ("gradlib/ops/cumulative.py", "CumprodBackward0.backward", "*",
     "under create_graph cumprod's backward reads whether the input holds a zero, as PyTorch's cumprod_backward "
     "(is_zero.any().item(); its first-order path decides on the device)"),
    ("gradlib/nn/utils/rnn.py", "pad_packed_sequence", "*",
     "the lengths come back in the original order: lengths[unsorted_indices.cpu()], as PyTorch's"),
    ("gradlib/optim/lbfgs.py", "*", "*",
     "LBFGS's control flow reads the loss, the gradient's largest magnitude and the two-loop recursion's dot "
     "products on the host, as PyTorch's LBFGS does (float(closure()), tensor comparisons, add_(alpha=tensor))"),
    ("gradlib/utils/data/sampler.py", "WeightedRandomSampler.__iter__", "*",
     "the weights are read once per epoch to draw the indices on the host; PyTorch reads its drawn indices "
     "(tolist()) once per epoch"),
    ("gradlib/autograd/gradcheck.py", "*", "*", "gradcheck compares on the host: explicit copies, as PyTorch's"),
    ("gradlib/autograd/engine.py", "_to_input_devices", "*",
     "a 0-d CPU input of a CUDA op gets its gradient on the CPU, as in PyTorch (one scalar copied back)"),
    ("gradlib/ops/indexing.py", "setitem_operands*", "*",
     "x[i] = v with v or an index tensor on another device: PyTorch copies them too (copy_, index_put_), "
     "from a GPU to the CPU through the host"),
    ("gradlib/ops/sorting.py", "Nonzero*.forward", "*",
     "nonzero / argwhere / one-argument where: the output's size depends on the data (PyTorch's nonzero syncs)"),
    ("gradlib/ops/rearrange.py", "RepeatInterleaveIndex.forward", "*",
     "repeat_interleave with a counts tensor and no output_size: the output's size is their sum and they must be "
     "non-negative (PyTorch reads cumsum[-1].item() and (repeats >= 0).all().item() too)"),
    ("gradlib/ops/sorting.py", "Unique*.forward", "*",
     "unique / unique_consecutive: the output's size depends on the data (PyTorch's unique syncs too)"),
    ("gradlib/ops/sorting.py", "_unique_flat", "cupy.nonzero()",
     "unique's sorted flat case (Unique2Backward0.forward): the number of distinct values sizes the output "
     "(PyTorch's unique syncs too)"),
    ("gradlib/ops/predicates.py", "allclose", "*", "torch.allclose returns a Python bool"),
    ("gradlib/nn/modules/module.py", "Module.__call__", "*",
     "a with_kwargs forward pre-hook that returns something other than (args, kwargs): the error prints the "
     "returned value, as PyTorch's message does"),
    ("gradlib/nn/modules/_module_call.py", "_run", "*",
     "a module call with hooks (Module.__call__'s other half): the same pre-hook error, and the forward of a "
     "module defined in a test, whose reads count at the nearest gradlib frame as in Module.__call__"),
    ("gradlib/distributions/_basic.py", "Distribution._check*", "*",
     "distributions' argument validation (validate_args, on by default) reads the check on the host, as PyTorch's"),
    ("gradlib/distributions/_basic.py", "_bound", "*", "a failed validation's message prints the support's bounds"),
    ("gradlib/distributions/_basic.py", "Uniform.__init__.<locals>.<lambda>", "*",
     "a failed validation's message prints high in LessThan(upper_bound=...), as PyTorch's"),
    ("gradlib/distributions/_checks.py", "*", "*",
     "the later distributions' argument and sample validation (validate_args) reads the check on the host, as "
     "PyTorch's Distribution.__init__ and _validate_sample"),
    ("gradlib/distributions/geometric.py", "Geometric.__init__", "*",
     "PyTorch's extra check that probs > 0 (valid.all()) and its message's invalid values"),
    ("gradlib/distributions/continuous_bernoulli.py", "ContinuousBernoulli.__init__", "*",
     "with validate_args given, PyTorch checks probs in [0, 1] on the host"),
    ("gradlib/distributions/von_mises.py", "_rejection_sample", "*",
     "the rejection sampler loops until done.all(), testing accept.any() each round, as PyTorch's"),
    ("gradlib/distributions/wishart.py", "Wishart.__init__", "*",
     "PyTorch reads df <= p - 1 (ValueError) and df < p (a warning) on the host"),
    ("gradlib/distributions/wishart.py", "Wishart.rsample", "*",
     "PyTorch checks the draws for singular ones (is_singular.any()) and redraws them"),
    ("gradlib/distributions/wishart.py", "_mvdigamma", "*", "PyTorch asserts the multivariate digamma's domain"),
    ("gradlib/distributions/_kl_cross.py", "_kl_binomial_binomial", "*",
     "PyTorch refuses q.total_count > p.total_count, read on the host ((p.total_count < q.total_count).any())"),
    ("gradlib/distributions/_transforms_extra.py", "PowerTransform.__eq__", "*",
     "comparing two transforms gives a Python bool (PyTorch's .all().item())"),
    ("gradlib/distributions/transforms.py", "AffineTransform.__eq__", "*",
     "comparing two transforms gives a Python bool (PyTorch's .all().item())"),
    ("gradlib/distributions/_extra.py", "Binomial.enumerate_support", "*",
     "the support's size is total_count's value (PyTorch's int(total_count.max()))"),
    ("gradlib/distributions/_extra.py", "Binomial.entropy", "*",
     "the entropy sums over the support, sized by total_count's value (PyTorch's int(total_count.max()))"),
    ("gradlib/distributions/_extra.py", "Binomial.log_prob.<locals>.<lambda>", "*",
     "a failed validation's message prints the support's upper bound, total_count"),
    ("gradlib/ops/statistics.py", "bincount", "*",
     "bincount sizes its output from the data's maximum (one read of min and max; PyTorch reads the max too)"),
    ("gradlib/ops/statistics.py", "histc", "*",
     "histc without bounds reads the data's min and max (one read, as PyTorch's)"),
    ("gradlib/autograd/graph.py", "save_on_cpu.__init__.<locals>.pack", "*",
     "autograd.graph.save_on_cpu copies each saved tensor to the host: the transfer the user asked for"),
    ("gradlib/ops/gather_scatter.py", "masked_fill", "*",
     "masked_fill with a 0-d value tensor on another GPU: PyTorch reads it with item()"),
    ("gradlib/ops/matrix_functions.py", "matrix_exp_array", "*",
     "matrix_exp reads the number of squarings its batch needs, as PyTorch's CUDA kernel copies it to the host "
     "(compute_T18_scale_square)"),
    ("gradlib/optim/swa_utils.py", "AveragedModel.update_parameters", "*",
     "AveragedModel reads n_averaged to copy on the first update, as PyTorch's `if self.n_averaged == 0`"),
    ("gradlib/optim/nadam.py", "NAdam._update", "*",
     "a loaded NAdam state's mu_product sits on the parameter's device (load_state_dict moves it, as PyTorch's); "
     "the update then reads it, as PyTorch's _get_value(mu_product) does with item()"),
    ("gradlib/amp/grad_scaler.py", "GradScaler.step*", "*",
     "GradScaler.step reads whether a gradient was inf/NaN to skip optimizer.step(), as PyTorch's (found_inf.item())"),
    ("gradlib/amp/grad_scaler.py", "GradScaler.get_scale", "*",
     "get_scale returns the scale as a Python float, as PyTorch's (_scale.item())"),
    ("gradlib/amp/grad_scaler.py", "GradScaler._get_growth_tracker", "*",
     "state_dict's _growth_tracker is a Python int, as PyTorch's (_growth_tracker.item())"),
    ("gradlib/ops/nn_ops.py", "_sparse_rows", "cupy.nonzero()",
     "nn.Embedding(sparse=True, padding_idx=...) leaves the padding entries out of the sparse gradient: PyTorch's "
     "boolean-mask index in embedding_sparse_backward waits for their count too"),
    ("gradlib/_sparse_coo.py", "SparseCooTensor.coalesce", "cupy.unique()",
     "the number of unique indices sizes the coalesced tensor: PyTorch's coalesce waits for it too"),
    ("gradlib/_sparse_coo.py", "SparseCooTensor._gradient_from_values", "cupy.unique()",
     "the gradient of an uncoalesced sparse leaf is coalesced, as PyTorch's (which syncs in coalesce)"),
    ("gradlib/_sparse_coo.py", "from_dense", "cupy.nonzero()",
     "to_sparse(): the number of nonzeros sizes the result (PyTorch's to_sparse syncs too)"),
    ("gradlib/_sparse_coo.py", "sparse_coo_tensor", "cupy.asnumpy()",
     "sparse_coo_tensor without a size reads the largest indices on the host, as PyTorch's"),
    ("gradlib/_sparse_csr.py", "sparse_csr_tensor", "cupy.asnumpy()",
     "sparse_csr_tensor without a size reads the largest column on the host, as PyTorch's"),
    ("gradlib/utils/benchmark/utils/timer.py", "timer", "*",
     "Timer's default clock waits for the accelerator before reading the time, as PyTorch's "
     "(torch.utils.benchmark.utils.timer.timer: torch.accelerator.synchronize())"),
    ("gradlib/distributions/constraints.py", "*.__repr__", "*",
     "printing a constraint prints its bounds (Uniform's support: device tensors), as PyTorch's"),
    ("gradlib/distributions/constraints.py", "_*.check", "*",
     "square/symmetric/positive-(semi)definite checks read whether the earlier test passed on the host, as "
     "PyTorch's (`if not square_check.all(): return square_check`)"),
    ("gradlib/optim/asgd.py", "ASGD._update", "*",
     "after load_state_dict ASGD reads eta and mu once (PyTorch reads them with .item() every step)"),
    # args14: an optimizer constructor given a CUDA tensor lr or betas compares it with 0 and 1 in Python, as
    # PyTorch's constructors do (`if not 0.0 <= lr`): a sync once, at construction, never in step()
    ("gradlib/optim/optimizer.py", "check_nonnegative", "*",
     "`if not 0.0 <= value` of a tensor lr/eps/... in an optimizer constructor, as PyTorch's"),
    ("gradlib/optim/optimizer.py", "check_adam_arguments", "*",
     "`if not 0.0 <= betas[i] < 1.0` of tensor betas in an Adam-family constructor, as PyTorch's"),
    *(("gradlib/optim/" + module, name + ".__init__", "*",
       "`if not 0.0 <= lr` of a tensor lr in the constructor, as PyTorch's")
      for module, name in (("adadelta.py", "Adadelta"), ("asgd.py", "ASGD"), ("rprop.py", "Rprop"),
                           ("sparse_adam.py", "SparseAdam"))),
]


def allowed(site, what):
    """The entry that allows a sync at ``site`` (the stand-in's site string), or None."""
    import fnmatch
    if site.startswith("explicit: ") or " (" not in site:
        return None
    location, _, function = site.rpartition(" (")
    path = location.rpartition(":")[0]
    function = function.rstrip(")")
    for entry in ALLOWED:
        if entry[0] == path and fnmatch.fnmatchcase(function, entry[1]) and fnmatch.fnmatchcase(what, entry[2]):
            return entry
    return None
