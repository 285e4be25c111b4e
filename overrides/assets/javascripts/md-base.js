/* Material for MkDocs 9.8 (MIT licence), partials/javascripts/base.html, moved out of the page so that the
   Content-Security-Policy of deploy/nginx.conf needs no inline script. tests/test_nginx.py checks it still matches. */
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
