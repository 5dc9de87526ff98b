"""Grad modes: context managers, decorators, restoring on error, thread-locality."""
import threading

import pytest

import gradlib


def test_no_grad_decorator_and_restore_on_exception(device):
    x = gradlib.ones(2, requires_grad=True)

    @gradlib.no_grad()
    def doubled(t):
        return t * 2

    assert not doubled(x).requires_grad
    assert gradlib.is_grad_enabled()
    with pytest.raises(ValueError):
        with gradlib.no_grad():
            raise ValueError
    assert gradlib.is_grad_enabled()


def test_set_grad_enabled_as_function_and_decorator(device):
    x = gradlib.ones(2, requires_grad=True)
    gradlib.set_grad_enabled(False)
    try:
        assert not (x * 2).requires_grad
    finally:
        gradlib.set_grad_enabled(True)

    @gradlib.set_grad_enabled(False)
    def f():
        return gradlib.is_grad_enabled()

    assert f() is False and gradlib.is_grad_enabled()


def test_enable_grad_inside_no_grad(device):
    x = gradlib.ones(2, requires_grad=True)
    with gradlib.no_grad():
        with gradlib.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad


def test_grad_mode_is_thread_local(device):
    seen = []
    with gradlib.no_grad():
        thread = threading.Thread(target=lambda: seen.append(gradlib.is_grad_enabled()))
        thread.start()
        thread.join()
    assert seen == [True]


def test_ops_without_grad_inputs_record_nothing(device):
    y = gradlib.ones(2) * 3
    assert y.grad_fn is None and not y.requires_grad
