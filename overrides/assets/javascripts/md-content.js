/* Material for MkDocs 9.8 (MIT licence), partials/javascripts/content.html (without content.tabs.link), moved out of the page so that the
   Content-Security-Policy of deploy/nginx.conf needs no inline script. tests/test_nginx.py checks it still matches. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
