"""The linear-algebra functions PyTorch removed in 1.9 and keeps as names that raise: ``torch.symeig``,
``torch.eig``, ``torch.lstsq``, ``torch.solve``, ``torch.matrix_rank`` (and the methods ``Tensor.symeig``,
``Tensor.eig``, ``Tensor.lstsq``, ``Tensor.solve``). Each raises PyTorch's RuntimeError naming its replacement
in ``torch.linalg``, whatever its arguments, so an old program fails with PyTorch's advice rather than an
AttributeError. Mirrors ``torch._linalg_utils``.

>>> import gradlib
>>> try:
...     gradlib.solve(gradlib.eye(2), gradlib.eye(2))
... except RuntimeError as error:
...     print(str(error).splitlines()[0][:68])
This function was deprecated since version 1.9 and is now removed. `
"""

__all__ = ["symeig", "eig", "lstsq", "solve", "matrix_rank"]

_REMOVED = "This function was deprecated since version 1.9 and is now removed."


def matrix_rank(input, tol=None, symmetric=False, *, out=None):
    """Removed (PyTorch 1.9): raises RuntimeError for any input, pointing to ``linalg.matrix_rank`` (whose
    ``symmetric`` is now ``hermitian``). Mirrors ``torch.matrix_rank``.

    >>> import gradlib
    >>> gradlib.matrix_rank(gradlib.eye(2))
    Traceback (most recent call last):
    RuntimeError: This function was deprecated since version 1.9 and is now removed.
    Please use the `torch.linalg.matrix_rank` function instead. The parameter 'symmetric' was renamed in `torch.linalg.matrix_rank()` to 'hermitian'.
    """
    raise RuntimeError(f"{_REMOVED}\nPlease use the `torch.linalg.matrix_rank` function instead. The parameter "
                       "'symmetric' was renamed in `torch.linalg.matrix_rank()` to 'hermitian'.")


def solve(input, A, *, out=None):
    """Removed (PyTorch 1.9): raises RuntimeError for any input, pointing to ``linalg.solve(A, B)`` (arguments
    reversed). Mirrors ``torch.solve``.

    >>> import gradlib
    >>> gradlib.solve(gradlib.eye(2), gradlib.eye(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    RuntimeError: This function was deprecated since version 1.9 and is now removed. `torch.solve` is deprecated...
    """
    raise RuntimeError(
        f"{_REMOVED} `torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has its "
        "arguments reversed and does not return the LU factorization.\n\nTo get the LU factorization see "
        "`torch.lu`, which can be used with `torch.lu_solve` or `torch.lu_unpack`.\nX = torch.solve(B, A).solution "
        "should be replaced with:\nX = torch.linalg.solve(A, B)")


def lstsq(input, A, *, out=None):
    """Removed (PyTorch 1.9): raises RuntimeError for any input, pointing to ``linalg.lstsq(A, B)`` (arguments
    reversed). Mirrors ``torch.lstsq``.

    >>> import gradlib
    >>> gradlib.lstsq(gradlib.eye(2), gradlib.eye(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    RuntimeError: This function was deprecated since version 1.9 and is now removed. `torch.lstsq` is deprecated...
    """
    raise RuntimeError(
        f"{_REMOVED} `torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n`torch.linalg.lstsq` has "
        "reversed arguments and does not return the QR decomposition in the returned tuple (although it returns "
        "other information about the problem).\n\nTo get the QR decomposition consider using `torch.linalg.qr`."
        "\n\nThe returned solution in `torch.lstsq` stored the residuals of the solution in the last m - n columns "
        "of the returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residuals' "
        "of the returned named tuple.\n\nThe unpacking of the solution, as in\nX, _ = torch.lstsq(B, A).solution"
        "[:A.size(1)]\nshould be replaced with:\nX = torch.linalg.lstsq(A, B).solution")


def symeig(input, eigenvectors=False, upper=True, *, out=None):
    """Removed (PyTorch 1.9): raises RuntimeError for any input, pointing to ``linalg.eigvalsh``/``linalg.eigh``
    (which read the lower triangle by default). Mirrors ``torch.symeig``.

    >>> import gradlib
    >>> gradlib.symeig(gradlib.eye(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    RuntimeError: This function was deprecated since version 1.9 and is now removed. The default behavior has...
    """
    raise RuntimeError(
        f"{_REMOVED} The default behavior has changed from using the upper triangular portion of the matrix by "
        "default to using the lower triangular portion.\n\nL, _ = torch.symeig(A, upper=upper) should be replaced "
        "with:\nL = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, "
        "eigenvectors=True) should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")


def eig(self, eigenvectors=False, *, e=None, v=None):
    """Removed (PyTorch 1.9): raises RuntimeError for any input, pointing to ``linalg.eigvals``/``linalg.eig``
    (complex results). Mirrors ``torch.eig``.

    >>> import gradlib
    >>> gradlib.eig(gradlib.eye(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    RuntimeError: This function was deprecated since version 1.9 and is now removed. `torch.linalg.eig` returns...
    """
    raise RuntimeError(
        f"{_REMOVED} `torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real "
        "tensors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be replaced with:\nL_complex = "
        "torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, eigenvectors=True) should be replaced with:\n"
        "L_complex, V_complex = torch.linalg.eig(A)")
