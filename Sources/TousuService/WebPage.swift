import Hummingbird

/// `GET /`: a small self-contained page (inline CSS and script, no external scripts or fonts):
/// paste a complaint and see its tags with the keywords highlighted in the text, today's
/// hotspots from the store, and links to the API documents. `/?text=…` fills the box and classifies.
extension ServiceState {
    func page(_ request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: WebPage.html)))
    }
}

enum WebPage {
    static let html = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"/><title>tousu 投诉分类</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <style>
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:860px;color:#222;line-height:1.55;padding:0 1em}
        h1{font-size:1.5em;border-bottom:3px solid #d62728;padding-bottom:.3em}
        h2{font-size:1.15em;margin-top:1.6em}
        textarea{width:100%;box-sizing:border-box;height:7em;font:inherit;padding:.5em}
        button{font:inherit;padding:.3em 1.2em;margin-top:.5em;cursor:pointer}
        #text{white-space:pre-wrap;background:#fafafa;border:1px solid #e3e3e3;border-radius:6px;padding:.7em 1em}
        mark{background:#ffe08a;border-radius:3px;padding:0 .1em}mark.n{background:#fdd0cb}
        .tags span{display:inline-block;border-radius:3px;padding:0 .5em;margin:0 .4em .3em 0;background:#e8f0fe;color:#1a4fa0}
        .tags span.review{background:#fdecea;color:#a61b1b}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left}
        th{background:#f4f4f4}.muted{color:#666;font-size:.92em}
        </style></head><body>
        <h1>tousu 投诉分类与热点</h1>
        <p class="muted">粘贴一条投诉，查看行业、投诉性质和命中的关键词。Paste a complaint to see its tags.</p>
        <textarea id="input" placeholder="例如：健身房老板跑路了，我的年卡还剩八个月，要求退款"></textarea>
        <br/><button id="go">分类 Classify</button>
        <div id="result" hidden>
        <h2>结果</h2>
        <p class="tags" id="tags"></p>
        <div id="text"></div>
        <p class="muted" id="scores"></p>
        </div>
        <h2>今日热点 Today's hotspots</h2>
        <div id="hotspots" class="muted">加载中…</div>
        <h2>API</h2>
        <p><a href="/openapi.yaml">OpenAPI document (openapi.yaml)</a> · <a href="/v1/hotspots">hotspot report (HTML)</a> · <a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></p>
        <script>
        function esc(s){return s.replace(/[&<>"']/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;","\\"":"&quot;","'":"&#39;"}[c];});}
        function highlight(text, keywords){
          var chars=Array.from(text), marks=new Array(chars.length).fill(null);
          keywords.forEach(function(k){for(var i=k.start;i<k.end&&i<chars.length;i++){if(!marks[i]||k.weight>marks[i].weight)marks[i]=k;}});
          var out="", open=null;
          for(var i=0;i<chars.length;i++){
            if(marks[i]!==open){if(open)out+="</mark>";open=marks[i];
              if(open)out+="<mark"+(natureIds[open.label]?" class=\\"n\\"":"")+" title=\\""+esc(open.label+" "+open.phrase)+"\\">";}
            out+=esc(chars[i]);
          }
          if(open)out+="</mark>";
          return out;
        }
        var natureIds={};
        document.getElementById("go").onclick=function(){
          var text=document.getElementById("input").value;
          fetch("/v1/classify",{method:"POST",headers:{"Content-Type":"application/json"},body:JSON.stringify({text:text})})
          .then(function(r){return r.json().then(function(b){return {ok:r.ok,body:b};});})
          .then(function(res){
            var box=document.getElementById("result");box.hidden=false;
            if(!res.ok){document.getElementById("tags").innerHTML="<span class=\\"review\\">"+esc(res.body.title+": "+res.body.detail)+"</span>";document.getElementById("text").textContent="";document.getElementById("scores").textContent="";return;}
            var p=res.body; natureIds={}; (p.natures||[]).forEach(function(n){natureIds[typeof n==="string"?n:n.id]=true;});
            var tags="<span>"+esc(p.sector_name+" ("+p.sector+")")+"</span>";
            (p.natures||[]).forEach(function(n){tags+="<span>"+esc(typeof n==="string"?n:(n.name||n.id))+"</span>";});
            tags+="<span>置信度 "+p.confidence+"</span>";
            if(p.needs_review)tags+="<span class=\\"review\\">需人工复核</span>";
            document.getElementById("tags").innerHTML=tags;
            document.getElementById("text").innerHTML=highlight(text,p.keywords||[]);
            document.getElementById("scores").textContent="sector_scores: "+JSON.stringify(p.sector_scores);
          });
        };
        // A link may carry the text: /?text=… fills the box and classifies it.
        var given=new URLSearchParams(location.search).get("text");
        if(given){document.getElementById("input").value=given;document.getElementById("go").onclick();}
        fetch("/v1/hotspots?top=5").then(function(r){return r.json().then(function(b){return {ok:r.ok,body:b};});}).then(function(res){
          var el=document.getElementById("hotspots");
          if(!res.ok){el.textContent=res.body.detail||"暂无数据";return;}
          var r=res.body, h=r.hotspots||[];
          var html="<p>"+esc(r.windowStart+(r.windowEnd!==r.windowStart?" – "+r.windowEnd:""))+"：本期投诉 "+r.windowRecords+" 件，热点 "+h.length+" 个。</p>";
          if(h.length){html+="<table><tr><th>排名</th><th>热点</th><th>行业</th><th>投诉量</th><th>预期</th></tr>";
            h.slice(0,5).forEach(function(x){html+="<tr><td>"+x.rank+"</td><td>"+esc(x.title)+"</td><td>"+esc(x.sectorName)+"</td><td>"+x.count+"</td><td>"+x.expected.toFixed(1)+"</td></tr>";});
            html+="</table>";}
          el.innerHTML=html;
        }).catch(function(){document.getElementById("hotspots").textContent="暂无数据";});
        </script>
        </body></html>
        """
}
