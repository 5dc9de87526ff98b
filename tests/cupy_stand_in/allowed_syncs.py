"""Device-to-host syncs inside gradlib that the strict stand-in run accepts: the ones PyTorch has too.

Each entry is (path, function, what, why): ``path`` and ``function`` (qualified name, fnmatch pattern) name the
site the stand-in reports ("gradlib/ops/indexing.py:26 (_IndexOp.forward)"), ``what`` the kind of sync
(fnmatch pattern on the event's description). A sync reached only through the user-facing host APIs
(``.item()``, ``.tolist()``, ``.numpy()``, ``.cpu()``, printing, ``float(t)``) is reported as 'explicit' and needs
no entry; a sync in the test's own code never counts.
"""
ALLOWED = [
    ("gradlib/ops/indexing.py", "_IndexOp.forward", "boolean mask getitem",
     "x[mask]: the output's size depends on the data (PyTorch syncs in nonzero too)"),
    ("gradlib/autograd/anomaly.py", "*", "*",
     "anomaly mode checks each gradient for NaN on the host, as PyTorch's does"),
    ("gradlib/ops/comparison.py", "equal", "*", "torch.equal returns a Python bool"),
    ("gradlib/nn/functional.py", "one_hot", "*", "one_hot(num_classes=-1) reads max() (PyTorch too)"),
    ("gradlib/nn/utils.py", "clip_grad_norm_", "*",
     "clip_grad_norm_(error_if_nonfinite=True) reads the norm (PyTorch too)"),
    ("gradlib/optim/lr_scheduler.py", "ReduceLROnPlateau.step", "*", "float(metrics), as in PyTorch"),
    ("gradlib/autograd/gradcheck.py", "*", "*", "gradcheck compares on the host: explicit copies, as PyTorch's"),
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
