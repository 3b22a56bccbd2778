"""View decorators shared by the apps."""

import functools

from django.shortcuts import redirect


def post_or_back(page: str, key: str):
    """A form's target that only takes POST sends any other request back to the page the form is on (`page`,
    by the view's `key` argument) instead of answering 405: after a refused form the address bar shows the
    form's target, and switching language or reloading requests it again."""

    def wrap(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if request.method != "POST":
                return redirect(page, **{key: kwargs[key]})
            return view(request, *args, **kwargs)

        return inner

    return wrap
